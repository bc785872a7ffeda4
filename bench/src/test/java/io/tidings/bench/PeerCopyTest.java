package io.tidings.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerCopyTest {

  @TempDir
  Path tmp;

  @Test
  void installsInTheCopyAndNeverWritesTheCommittedFolder() throws Exception {
    Path source = Files.createDirectories(tmp.resolve("peers/socketio"));
    Files.writeString(source.resolve("package.json"), "{\"dependencies\":{}}");
    Files.writeString(source.resolve("package-lock.json"), "{\"lockfileVersion\":3}");
    Files.writeString(source.resolve("server.js"), "// v1");
    Files.createDirectories(source.resolve("node_modules/x"));
    Files.writeString(source.resolve("node_modules/x/index.js"), "installed by hand");
    Path copy = tmp.resolve("target/peers/socketio");

    assertThat(PeerCopy.sync(source, copy)).as("a new copy is installed").isEqualTo(PeerCopy.Change.MANIFESTS);
    assertThat(copy.resolve("server.js")).hasContent("// v1");
    assertThat(copy.resolve("node_modules")).doesNotExist();

    // npm rewrites the copy's lock when it installs: that alone asks for no new install and is kept.
    Files.writeString(copy.resolve("package-lock.json"), "{\"lockfileVersion\":3,\"packages\":{}}");
    assertThat(PeerCopy.sync(source, copy)).isEqualTo(PeerCopy.Change.NONE);
    assertThat(copy.resolve("package-lock.json")).hasContent("{\"lockfileVersion\":3,\"packages\":{}}");
    assertThat(source.resolve("package-lock.json")).hasContent("{\"lockfileVersion\":3}");

    // A changed script is copied without a new install; a changed manifest asks for one.
    Files.writeString(source.resolve("server.js"), "// v2");
    assertThat(PeerCopy.sync(source, copy)).isEqualTo(PeerCopy.Change.FILES);
    assertThat(copy.resolve("server.js")).hasContent("// v2");
    Files.writeString(source.resolve("package.json"), "{\"dependencies\":{\"ws\":\"8.18.0\"}}");
    assertThat(PeerCopy.sync(source, copy)).isEqualTo(PeerCopy.Change.MANIFESTS);

    // After a failed install the next sync asks again.
    PeerCopy.forgetInstall(copy);
    assertThat(PeerCopy.sync(source, copy)).isEqualTo(PeerCopy.Change.MANIFESTS);
  }
}
