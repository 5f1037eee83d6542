// Glue entry script for the lakehouse Spark jobs. The jobs are Java classes in the job jar
// (glue-jobs-*-glue.jar, passed as --extra-jars); Glue runs the class named by --class with the
// job arguments. This file only exists because a Glue job must name a script.
object LakehouseGlueEntry
