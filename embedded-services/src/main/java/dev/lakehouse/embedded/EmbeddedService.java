package dev.lakehouse.embedded;

/** A real-protocol stand-in started in this JVM; {@link #close()} stops it and frees its port. */
public interface EmbeddedService extends AutoCloseable {
  /** Short name for progress lines, e.g. {@code s3proxy}. */
  String name();

  /** Where clients connect, e.g. {@code http://127.0.0.1:43121}. */
  String endpoint();

  @Override
  void close();
}
