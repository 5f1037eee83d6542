package dev.lakehouse.local;

import picocli.CommandLine.Command;

/** {@code ./lakehouse dr}: only a parent for {@code failover}; alone it is a usage error (exit 2). */
@Command(name = "dr", description = "Disaster recovery: the lake's replica in the DR region (see dr failover --help).")
final class DrCommand {}
