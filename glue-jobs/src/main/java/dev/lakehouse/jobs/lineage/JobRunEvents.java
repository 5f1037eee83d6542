package dev.lakehouse.jobs.lineage;

import dev.lakehouse.contract.pipeline.PipelineJob;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * One OpenLineage run per catalog job run, built with the OpenLineage client: START when the job
 * starts, COMPLETE or FAIL when it ends, named {@code lakehouse}/{@code <job id>}, with every table
 * the job read or wrote as Iceberg reported it ({@link TableActivity}), its snapshot as the dataset
 * version and what the commits added as output statistics. The Spark integration's own events
 * describe each query; they miss reads that end in the driver (gold's) and foreachBatch sources.
 */
final class JobRunEvents {
  private static final URI PRODUCER = URI.create("https://github.com/OpenLineage/OpenLineage/tree/1.53.0/client/java");
  private static final OpenLineage OL = new OpenLineage(PRODUCER);

  private final OpenLineageClient client;

  private JobRunEvents(Transport transport) {
    this.client = new OpenLineageClient(transport);
  }

  /** To {@code file:<path>} (one event per line) or an {@code https://} lineage endpoint, as {@code --lineage} says. */
  static JobRunEvents to(String where) {
    if (where.startsWith("file:")) {
      return new JobRunEvents(new FileTransport(new FileConfig(where.substring("file:".length()))));
    }
    URI url = URI.create(where);
    HttpConfig http = new HttpConfig();
    http.setUrl(URI.create(url.getScheme() + "://" + url.getAuthority()));
    http.setEndpoint(url.getRawPath().isEmpty() ? "/api/v1/lineage" : url.getRawPath());
    return new JobRunEvents(new HttpTransport(http));
  }

  void start(PipelineJob job, String runId) {
    client.emit(event(OpenLineage.RunEvent.EventType.START, job, runId, List.of(), List.of()));
  }

  /**
   * The run's end with what it read and wrote; {@code location} gives a table's location
   * ({@code silver.orders} → {@code s3://bucket/warehouse/silver/orders}).
   */
  void end(PipelineJob job, String runId, boolean failed, TableActivity.Activity activity, Function<String, String> location) {
    // one catalog lookup per table, though a MERGE both reads and writes its target
    java.util.Map<String, String> at = new java.util.HashMap<>();
    Function<String, String> locate = table -> at.computeIfAbsent(table, location);
    List<OpenLineage.InputDataset> inputs = new ArrayList<>();
    activity.reads().forEach((table, read) -> inputs.add(OL.newInputDatasetBuilder().namespace(namespace(locate.apply(table)))
        .name(name(locate.apply(table))).facets(facets(table, read.snapshotId())).build()));
    activity.otherInputs().forEach(uri -> inputs.add(OL.newInputDatasetBuilder().namespace(namespace(uri)).name(name(uri)).build()));
    List<OpenLineage.OutputDataset> outputs = new ArrayList<>();
    activity.writes().forEach((table, w) -> outputs.add(OL.newOutputDatasetBuilder().namespace(namespace(locate.apply(table)))
        .name(name(locate.apply(table))).facets(facets(table, w.snapshotId()))
        .outputFacets(OL.newOutputDatasetOutputFacetsBuilder().outputStatistics(
            OL.newOutputStatisticsOutputDatasetFacetBuilder().rowCount(w.records()).size(w.bytes()).build()).build())
        .build()));
    client.emit(event(failed ? OpenLineage.RunEvent.EventType.FAIL : OpenLineage.RunEvent.EventType.COMPLETE, job, runId, inputs, outputs));
  }

  private static OpenLineage.RunEvent event(OpenLineage.RunEvent.EventType type, PipelineJob job, String runId,
      List<OpenLineage.InputDataset> inputs, List<OpenLineage.OutputDataset> outputs) {
    return OL.newRunEventBuilder().eventType(type).eventTime(ZonedDateTime.now(ZoneOffset.UTC))
        .run(OL.newRunBuilder().runId(runUuid(job, runId)).facets(OL.newRunFacetsBuilder()
            .tags(OL.newTagsRunFacet(List.of(OL.newTagsRunFacetFields("lakehouse.run_id", runId, "lakehouse")))).build()).build())
        .job(OL.newJobBuilder().namespace(Lineage.NAMESPACE).name(job.id()).build())
        .inputs(inputs).outputs(outputs).build();
  }

  /** The same job and run id always give the same OpenLineage run, so START and its end pair up. */
  static UUID runUuid(PipelineJob job, String runId) {
    return UUID.nameUUIDFromBytes((job.id() + "/" + runId).getBytes(StandardCharsets.UTF_8));
  }

  /** The table's catalog name beside its location, and the snapshot read or written as its version. */
  private static OpenLineage.DatasetFacets facets(String table, long snapshotId) {
    return OL.newDatasetFacetsBuilder().version(OL.newDatasetVersionDatasetFacet(Long.toString(snapshotId)))
        .symlinks(OL.newSymlinksDatasetFacet(List.of(OL.newSymlinksDatasetFacetIdentifiers(Lineage.NAMESPACE, table, "TABLE")))).build();
  }

  /** OpenLineage's naming: {@code s3://bucket} + {@code path}, {@code kafka://host:port} + topic, {@code file} + absolute path. */
  static String namespace(String location) {
    URI uri = URI.create(location);
    return local(uri) ? "file" : uri.getScheme() + "://" + uri.getAuthority();
  }

  static String name(String location) {
    URI uri = URI.create(location);
    String path = uri.getPath().replaceFirst("/+$", "");
    return local(uri) ? path : path.replaceFirst("^/", "");
  }

  private static boolean local(URI uri) {
    return uri.getScheme() == null || "file".equals(uri.getScheme());
  }
}
