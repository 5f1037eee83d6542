package dev.lakehouse.local;

import picocli.CommandLine.Command;

/** {@code ./lakehouse local}: only a parent for {@code run}; alone it is a usage error (exit 2). */
@Command(name = "local", description = "Local mode: the stand-ins and the pipeline on this machine (see local run --help).")
final class LocalCommand {}
