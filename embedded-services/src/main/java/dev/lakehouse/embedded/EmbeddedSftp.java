package dev.lakehouse.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An SFTP server (Apache MINA SSHD) on loopback serving {@code root} as {@code /}, with password
 * and public-key login and a stable host key (kept next to the root so its fingerprint does not
 * change across restarts). {@link #dropConnectionAfter} injects a real mid-transfer disconnect.
 */
public final class EmbeddedSftp implements EmbeddedService {
  private final SshServer server;
  private final Path root;
  private final PublicKey hostKey;
  private final Map<String, Long> dropAfterBytes = new ConcurrentHashMap<>();
  private final Map<String, Long> truncateOnOpen = new ConcurrentHashMap<>();
  private final AtomicInteger drops = new AtomicInteger();

  public EmbeddedSftp(Path root, Path hostKeyFile, String user, String password, PublicKey clientKey) {
    this.root = root;
    try {
      Files.createDirectories(root);
      Files.createDirectories(hostKeyFile.toAbsolutePath().getParent());
      SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(hostKeyFile);
      keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
      Iterable<KeyPair> loaded = keys.loadKeys(null);
      this.hostKey = loaded.iterator().next().getPublic();

      server = SshServer.setUpDefaultServer();
      server.setHost("127.0.0.1");
      server.setPort(0);
      server.setKeyPairProvider(keys);
      server.setPasswordAuthenticator(
          (u, p, s) -> user.equals(u) && password != null && password.equals(p));
      server.setPublickeyAuthenticator(
          (u, k, s) -> user.equals(u) && clientKey != null && KeyUtils.compareKeys(clientKey, k));
      SftpSubsystemFactory sftp = new SftpSubsystemFactory();
      sftp.addSftpEventListener(new FaultInjector());
      server.setSubsystemFactories(List.of(sftp));
      server.setFileSystemFactory(new VirtualFileSystemFactory(root.toAbsolutePath()));
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("SFTP server failed to start", e);
    }
  }

  /** Files served live here; {@code /outbox/x.csv} is {@code root/outbox/x.csv}. */
  public Path root() {
    return root;
  }

  public int port() {
    return server.getPort();
  }

  /** OpenSSH-style fingerprint of the host key, e.g. {@code SHA256:...}: what clients pin. */
  public String hostKeyFingerprint() {
    return KeyUtils.getFingerPrint(hostKey);
  }

  /**
   * The next read of {@code remotePath} at or past {@code offset} closes the whole SSH session,
   * as a network drop would. One-shot: later transfers of the file succeed.
   */
  public void dropConnectionAfter(String remotePath, long offset) {
    dropAfterBytes.put(remotePath, offset);
  }

  /**
   * When {@code remotePath} is next opened it is first cut to {@code length} bytes, as if the
   * partner rewrote it after the listing: the read ends short, with no error. One-shot.
   */
  public void truncateWhenOpened(String remotePath, long length) {
    truncateOnOpen.put(remotePath, length);
  }

  /** How many injected disconnects have fired. */
  public int drops() {
    return drops.get();
  }

  @Override
  public String name() {
    return "sftp";
  }

  @Override
  public String endpoint() {
    return "sftp://127.0.0.1:" + port();
  }

  @Override
  public void close() {
    try {
      server.stop(true);
    } catch (IOException e) {
      throw new UncheckedIOException("SFTP server failed to stop", e);
    }
  }

  private final class FaultInjector implements SftpEventListener {
    @Override
    public void opening(ServerSession session, String remoteHandle, org.apache.sshd.sftp.server.Handle localHandle) throws IOException {
      Long length = truncateOnOpen.isEmpty() ? null : truncateOnOpen.remove(localHandle.getFile().toString());
      if (length != null) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(localHandle.getFile(), java.nio.file.StandardOpenOption.WRITE)) {
          ch.truncate(length);
        }
      }
    }

    @Override
    public void reading(
        ServerSession session, String remoteHandle, FileHandle localHandle, long offset,
        byte[] data, int dataOffset, int dataLen) throws IOException {
      if (dropAfterBytes.isEmpty()) {
        return;
      }
      // the handle's path lives in the server's rooted file system: its string is the client's view
      String remote = localHandle.getFile().toString();
      Long limit = dropAfterBytes.get(remote);
      if (limit != null && offset >= limit && dropAfterBytes.remove(remote, limit)) {
        drops.incrementAndGet();
        session.close(true);
        throw new IOException("injected disconnect at offset " + offset + " of " + remote);
      }
    }
  }
}
