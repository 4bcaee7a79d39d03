package org.chipledger.client.identity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold secrets (chip keys, selection secrets): readable by the owner only from the
 * moment they exist, complete or absent after a crash, and never put in place of an existing file.
 */
public final class SecretFiles {
  private SecretFiles() {}

  /**
   * Writes {@code content} to {@code file}, which must not exist: into a fresh owner-only sibling
   * under a random name, synced, then hard-linked into place. A link, unlike a rename, fails when
   * the name is taken, so a planted or concurrent file is neither replaced nor reused.
   *
   * @throws FileAlreadyExistsException if {@code file} exists; it is left as it was
   */
  public static void writeNew(Path file, byte[] content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite");
    }
    Path temp = Files.createTempFile(dir, ".secret-", ".tmp", ownerOnly(dir));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.createLink(file, temp);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static FileAttribute<?>[] ownerOnly(Path dir) {
    if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    Set<PosixFilePermission> rw = PosixFilePermissions.fromString("rw-------");
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(rw)};
  }
}
