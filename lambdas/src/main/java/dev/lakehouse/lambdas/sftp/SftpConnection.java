package dev.lakehouse.lambdas.sftp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.io.resource.PathResource;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/** One logged-in SFTP session (Apache MINA SSHD client) to a server whose host key is pinned. */
public final class SftpConnection implements AutoCloseable {
  /** A regular file in the listed directory. */
  public record RemoteFile(String path, String name, long size, long mtimeEpochSecond) {}

  /** The server offered a host key that is not the pinned one: possible interception. */
  public static final class UnknownHostKeyException extends IOException {
    UnknownHostKeyException(String message) {
      super(message);
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int READ_BUFFER = 256 * 1024;

  private final SshClient client;
  private final ClientSession session;
  private final SftpClient sftp;

  private SftpConnection(SshClient client, ClientSession session, SftpClient sftp) {
    this.client = client;
    this.session = session;
    this.sftp = sftp;
  }

  public static SftpConnection open(SftpEndpoint endpoint) throws IOException {
    PinnedHostKey verifier = new PinnedHostKey(endpoint.pinnedFingerprints());
    SshClient client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(verifier);
    // AES-GCM first: the JDK runs it on AES-NI; MINA's ChaCha20-Poly1305 is pure Java and was the
    // bottleneck of a transfer (about 3x slower on the benchmark)
    List<NamedFactory<Cipher>> ciphers = new ArrayList<>();
    for (BuiltinCiphers c : List.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm, BuiltinCiphers.aes128ctr,
        BuiltinCiphers.aes256ctr, BuiltinCiphers.cc20p1305_openssh)) {
      if (c.isSupported()) {
        ciphers.add(c);
      }
    }
    client.setCipherFactories(ciphers);
    client.start();
    ClientSession session = null;
    try {
      session = client.connect(endpoint.username(), endpoint.host(), endpoint.port()).verify(TIMEOUT).getSession();
      if (endpoint.password() != null && !endpoint.password().isEmpty()) {
        session.addPasswordIdentity(endpoint.password());
      }
      if (endpoint.privateKey() != null && !endpoint.privateKey().isEmpty()) {
        for (KeyPair kp : privateKeys(endpoint)) {
          session.addPublicKeyIdentity(kp);
        }
      }
      session.auth().verify(TIMEOUT);
      SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
      return new SftpConnection(client, session, sftp);
    } catch (IOException | RuntimeException e) {
      if (session != null) {
        session.close(true);
      }
      client.stop();
      if (verifier.rejected != null) {
        throw new UnknownHostKeyException(
            "SFTP host " + endpoint.host() + ":" + endpoint.port() + " presented host key " + verifier.rejected
                + ", which is not the pinned SFTP_HOST_KEY_FINGERPRINT " + endpoint.pinnedFingerprints()
                + "; refusing to connect");
      }
      throw e;
    }
  }

  private static Iterable<KeyPair> privateKeys(SftpEndpoint endpoint) throws IOException {
    try (InputStream in = new ByteArrayInputStream(endpoint.privateKey().getBytes(StandardCharsets.UTF_8))) {
      FilePasswordProvider pw =
          endpoint.passphrase() == null ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(endpoint.passphrase());
      return SecurityUtils.loadKeyPairIdentities(null, new PathResource(java.nio.file.Path.of("secret-private-key")), in, pw);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("SFTP private key in the secret cannot be read: " + e.getClass().getSimpleName());
    }
  }

  /** Regular files directly in {@code dir} whose name matches the glob, sorted by name. */
  public List<RemoteFile> list(String dir, String glob) throws IOException {
    java.nio.file.PathMatcher m = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob);
    List<RemoteFile> out = new ArrayList<>();
    String base = dir.endsWith("/") ? dir : dir + "/";
    for (SftpClient.DirEntry e : sftp.readDir(dir)) {
      SftpClient.Attributes a = e.getAttributes();
      if (a.isRegularFile() && m.matches(java.nio.file.Path.of(e.getFilename()))) {
        long mtime = a.getModifyTime() == null ? 0 : a.getModifyTime().toInstant().getEpochSecond();
        out.add(new RemoteFile(base + e.getFilename(), e.getFilename(), a.getSize(), mtime));
      }
    }
    out.sort(java.util.Comparator.comparing(RemoteFile::name));
    return out;
  }

  /** Streams a remote file (read-ahead, never buffered whole). */
  public InputStream read(String path) throws IOException {
    return sftp.read(path, READ_BUFFER);
  }

  /** Moves a processed file, creating the target directory if needed. */
  public void move(String from, String toDir) throws IOException {
    try {
      sftp.stat(toDir);
    } catch (IOException missing) {
      sftp.mkdir(toDir);
    }
    String name = from.substring(from.lastIndexOf('/') + 1);
    sftp.rename(from, (toDir.endsWith("/") ? toDir : toDir + "/") + name);
  }

  @Override
  public void close() {
    try {
      sftp.close();
    } catch (IOException ignored) {
      // the session may already be gone (dropped connection); closing it is all that is left
    }
    session.close(true);
    client.stop();
  }

  /** Accepts only a host key whose fingerprint is pinned; remembers what it refused. */
  private static final class PinnedHostKey implements ServerKeyVerifier {
    private final List<String> pinned;
    private volatile String rejected;

    PinnedHostKey(List<String> pinned) {
      this.pinned = pinned;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
      String sha256 = KeyUtils.getFingerPrint(key);
      String md5 = KeyUtils.getFingerPrint(org.apache.sshd.common.digest.BuiltinDigests.md5, key);
      if (pinned.contains(sha256) || pinned.contains(md5)) {
        return true;
      }
      rejected = sha256;
      return false;
    }
  }
}
