package dev.lakehouse.jobs.catalog;

import dev.lakehouse.contract.Namespaces;
import dev.lakehouse.contract.TableId;
import dev.lakehouse.contract.schema.Column;
import dev.lakehouse.contract.schema.TableRegistry;
import dev.lakehouse.contract.schema.TableSpec;
import dev.lakehouse.jobs.config.JobConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migrate step every job runs first: creates the declared namespaces and tables that are
 * missing and adds declared columns that a table lacks. Idempotent; never drops or renames.
 */
public final class TableMigrator {
  private static final Logger LOG = LoggerFactory.getLogger(TableMigrator.class);

  private final SparkSession spark;
  private final JobConfig config;

  public TableMigrator(SparkSession spark, JobConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /**
   * The tables a job of {@code access} migrates: those of the namespaces it writes. On AWS its role
   * may create and alter nothing else (a gold job never touches a raw table's definition).
   */
  public static List<TableSpec> writtenBy(dev.lakehouse.contract.pipeline.JobAccess access) {
    return TableRegistry.all().stream().filter(s -> access.writes(s.id().namespace())).toList();
  }

  /** Migrates every declared table. */
  public List<String> migrateAll() {
    return migrate(TableRegistry.all());
  }

  /** Migrates the given tables; returns the DDL statements it executed. */
  public List<String> migrate(Collection<TableSpec> specs) {
    List<String> executed = new ArrayList<>();
    Set<String> namespaces = specs.stream().map(s -> s.id().namespace()).collect(Collectors.toSet());
    for (String ns : Namespaces.ALL) {
      if (namespaces.contains(ns)) {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + ns);
      }
    }
    for (TableSpec spec : specs) {
      executed.addAll(migrate(spec));
    }
    return executed;
  }

  private List<String> migrate(TableSpec spec) {
    List<String> executed = new ArrayList<>();
    if (!spark.catalog().tableExists(spec.id().toString())) {
      String ddl = spec.createTableSql(location(spec.id()));
      spark.sql(ddl);
      spark.sql(
          "ALTER TABLE " + spec.id() + " SET TBLPROPERTIES ('lakehouse.schema-version' = '"
              + TableRegistry.SCHEMA_VERSION + "')");
      executed.add(ddl);
      LOG.info("Created table {}", spec.id());
      return executed;
    }
    Table table = TableFiles.load(spark, spec.id()); // one load serves the properties and the schema
    executed.addAll(alignWriteProperties(spec, table.properties()));
    StructType actual = SparkSchemaUtil.convert(table.schema());
    Set<String> present = Set.of(actual.fieldNames());
    for (Column column : spec.columns()) {
      if (!present.contains(column.name())) {
        String ddl = "ALTER TABLE " + spec.id() + " ADD COLUMN " + column.ddl();
        spark.sql(ddl);
        executed.add(ddl);
        LOG.info("Evolved table {}: added column {}", spec.id(), column.name());
      } else {
        DataType declared = DataType.fromDDL(column.type());
        StructField field = actual.apply(column.name());
        if (!declared.sameType(field.dataType())) {
          throw new IllegalStateException(
              String.format(
                  "Cannot migrate %s: column %s is %s in the catalog but declared %s; declare a new column instead",
                  spec.id(), column.name(), field.dataType().simpleString(), declared.simpleString()));
        }
      }
    }
    return executed;
  }

  /**
   * Sets the declared {@code write.*} properties a table lacks or holds another value for: they
   * only steer how later writes lay out files, so an existing table takes a changed declaration
   * (other properties, such as the format version, are fixed when the table is created).
   */
  private List<String> alignWriteProperties(TableSpec spec, Map<String, String> current) {
    String changed = spec.properties().entrySet().stream()
        .filter(p -> p.getKey().startsWith("write.") && !p.getValue().equals(current.get(p.getKey())))
        .map(p -> "'" + p.getKey() + "' = '" + p.getValue() + "'")
        .collect(Collectors.joining(", "));
    if (changed.isEmpty()) {
      return List.of();
    }
    String ddl = "ALTER TABLE " + spec.id() + " SET TBLPROPERTIES (" + changed + ")";
    spark.sql(ddl);
    LOG.info("Evolved table {}: {}", spec.id(), changed);
    return List.of(ddl);
  }

  /** Glue needs explicit locations so tables sit under the bronze/ silver/ gold/ ops/ layer prefixes. */
  private Optional<String> location(TableId id) {
    if (config.catalogType() == JobConfig.CatalogType.GLUE) {
      return Optional.of(config.warehouse() + "/" + id.namespace() + "/" + id.name());
    }
    return Optional.empty(); // the Hadoop catalog places tables at warehouse/namespace/table itself
  }
}
