package dev.lakehouse.local.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The work directory's lakehouse is written by one process at a time: {@code local run} and every
 * command that runs a job hold this lock while they write, and a second one is refused naming the
 * holder (written into the lock file). An OS file lock, so a crashed holder releases it. Local
 * processes share no DynamoDB Local (each starts its own stand-ins), so this is their writer lease;
 * inside a local run the jobs also take the DynamoDB writer lease, as on AWS.
 */
public final class PipelineLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private PipelineLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * The lock for {@code what} (a person reads it: "local run local-x", "the retention job"), or an
   * {@link IllegalStateException} naming the holder when another process has it.
   */
  public static PipelineLock acquire(Path workdir, String what) {
    Path file = workdir.resolve("lakehouse").resolve(".pipeline.lock");
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        channel.close();
        throw new IllegalStateException("another run holds the lakehouse in " + workdir + ": " + (holder.isEmpty() ? "(unnamed)" : holder)
            + "; " + what + " waits until it has finished: run it again then (lock " + file + ")");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((what + " (pid " + ProcessHandle.current().pid() + ", since " + Instant.now() + ")\n")
          .getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return new PipelineLock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file, e);
    }
  }

  @Override
  public void close() throws IOException {
    channel.truncate(0);
    lock.release();
    channel.close();
  }
}
