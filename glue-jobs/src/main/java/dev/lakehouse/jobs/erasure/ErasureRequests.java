package dev.lakehouse.jobs.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.contract.layout.LakeLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Pending erasure requests ({@link LakeLayout#ERASURE_REQUESTS}): a request's identifiers wait in
 * one object of their own, named by the request id, until the request is finished; the job
 * arguments and the state machine's input carry the id alone. On AWS the object is written under
 * the raw key ({@code runbooks/gdpr-erasure.md}) and only the erasure role may read it.
 */
public final class ErasureRequests {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ErasureRequests() {}

  /** Writes {@code request} where the erasure job will read it ({@code lakeRoot}: a local directory's URI). */
  public static void put(String lakeRoot, ErasureRequest request) {
    ObjectNode json = JSON.createObjectNode();
    json.put("requestedBy", request.requestedBy());
    json.put("emails", String.join(",", request.emails()));
    json.put("ids", String.join(",", request.ids()));
    java.nio.file.Path file = java.nio.file.Path.of(java.net.URI.create(lakeRoot)).resolve(LakeLayout.erasureRequestKey(request.requestId()));
    try {
      java.nio.file.Files.createDirectories(file.getParent());
      java.nio.file.Files.write(file, JSON.writeValueAsBytes(json));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the erasure request " + request.requestId(), e);
    }
  }

  /** The request {@code requestId} names, as its object holds it. */
  static ErasureRequest get(SparkSession spark, String lakeRoot, String requestId) throws IOException {
    Path path = path(lakeRoot, requestId);
    FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(path)) {
      throw new IllegalArgumentException("no pending erasure request " + requestId + " (" + LakeLayout.erasureRequestKey(requestId)
          + "): write the request first (runbooks/gdpr-erasure.md)");
    }
    JsonNode json;
    try (InputStream in = fs.open(path)) {
      json = JSON.readTree(in);
    }
    return new ErasureRequest(requestId, json.path("requestedBy").asText(""), ErasureRequest.list(json.path("emails").asText("")),
        ErasureRequest.list(json.path("ids").asText("")));
  }

  /** Deletes the requests' objects (their older versions: {@link ObjectVersions#purgeDeleted}). */
  static void delete(SparkSession spark, String lakeRoot, Iterable<String> requestIds) throws IOException {
    for (String id : requestIds) {
      Path path = path(lakeRoot, id);
      path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, false);
    }
  }

  private static Path path(String lakeRoot, String requestId) {
    return new Path(lakeRoot.replaceAll("/+$", "") + "/" + LakeLayout.erasureRequestKey(requestId));
  }
}
