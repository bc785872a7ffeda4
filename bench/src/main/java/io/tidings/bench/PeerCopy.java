package io.tidings.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps a peer's working copy under {@code bench/target/peers} in step with its committed sources under
 * {@code bench/peers}: the peers are installed and built in the copy, never in the committed folder, so a
 * bench run leaves the working tree as it found it. Stateless.
 */
final class PeerCopy {

  /** Folders never copied: installed packages and build output. */
  private static final List<String> SKIPPED = List.of("node_modules", "target");
  /** The files whose change means the peer must be installed again. */
  private static final List<String> MANIFESTS = List.of("package.json", "package-lock.json", "pom.xml");

  private PeerCopy() {}

  /** What a {@link #sync} changed in the copy. */
  enum Change {
    /** Nothing: the copy is as the sources. */
    NONE,
    /** Files other than the manifests (scripts, sources): a compiled peer must be built again. */
    FILES,
    /** The copy is new or a manifest changed: the peer must be installed again. */
    MANIFESTS
  }

  /**
   * Copies every file of {@code source} (but installed packages and build output) into {@code copy} when
   * missing or different, and says what changed.
   */
  static Change sync(Path source, Path copy) throws IOException {
    if (!Files.isDirectory(source)) throw new IOException("no peer at " + source);
    boolean reinstall = !Files.isDirectory(copy);
    boolean changed = false;
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(source, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
        return SKIPPED.contains(d.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
        if (a.isRegularFile()) files.add(f);
        return FileVisitResult.CONTINUE;
      }
    });
    for (Path f : files) {
      Path rel = source.relativize(f);
      Path target = copy.resolve(rel);
      byte[] bytes = Files.readAllBytes(f);
      Files.createDirectories(target.getParent());
      if (MANIFESTS.contains(rel.toString())) {
        // Compared with what the committed manifest said at the last install, as npm rewrites the copy's lock.
        Path stamp = stamp(target);
        if (Files.isRegularFile(stamp) && Arrays.equals(bytes, Files.readAllBytes(stamp))) continue;
        Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        Files.write(stamp, bytes);
        reinstall = true;
      } else if (!Files.isRegularFile(target) || !Arrays.equals(bytes, Files.readAllBytes(target))) {
        Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        changed = true;
      }
    }
    return reinstall ? Change.MANIFESTS : changed ? Change.FILES : Change.NONE;
  }

  /** Forgets the last install, so that the next {@link #sync} asks for a new one (after a failed install). */
  static void forgetInstall(Path copy) throws IOException {
    for (String m : MANIFESTS) Files.deleteIfExists(stamp(copy.resolve(m)));
  }

  private static Path stamp(Path manifest) {
    return manifest.resolveSibling(manifest.getFileName() + ".installed");
  }
}
