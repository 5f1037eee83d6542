package dev.lakehouse.local.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The work directory's lakehouse is written by one process at a time: {@code local run} holds this
 * lock for its whole run, {@code erase} takes it or refuses. An OS file lock, so a crashed holder
 * releases it.
 */
public final class PipelineLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private PipelineLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock, or an {@link IllegalStateException} naming the holder's work directory when another process has it. */
  public static PipelineLock acquire(Path workdir, String what) {
    Path file = workdir.resolve("lakehouse").resolve(".pipeline.lock");
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new IllegalStateException("another run holds the lakehouse in " + workdir + " (lock " + file + "): " + what
            + " waits until it has finished; run it again then");
      }
      return new PipelineLock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file, e);
    }
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
