package io.tidings.socketio.clientdist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The coding chosen for an {@code Accept-Encoding} header is Node's. The expectations are what
 * {@code accepts} 1.3.8 (negotiator 0.6.3, the versions socket.io 4.8.4 installs) answered for
 * {@code encodings(["gzip", "deflate"])}: Node's offer without Brotli, which Tidings cannot encode.
 */
class ContentCodingTest {

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "NULL                           | IDENTITY",
      "''                             | IDENTITY",
      "gzip, deflate, br, zstd        | GZIP",
      "deflate, gzip, br, zstd        | DEFLATE",
      "br                             | IDENTITY",
      "br;q=1, gzip;q=0.5             | GZIP",
      "*                              | GZIP",
      "gzip;q=0, *                    | DEFLATE",
      "identity                       | IDENTITY",
      "GZIP                           | GZIP",
      "gzip;q=0.5, deflate;q=0.8      | DEFLATE",
      "gzip;q=abc                     | IDENTITY",
      "gzip;q=1e-1, deflate;q=0.05    | GZIP",
      "gzip deflate                   | IDENTITY",
      "deflate;q=0.5, *;q=0.9         | GZIP",
      "gzip;q=abc, deflate;q=abc      | IDENTITY",
      "' , gzip'                      | GZIP",
      "x;q=1, *;q=0.3, gzip;q=0.3     | GZIP",
  })
  void theCodingIsTheOneNodeWouldPickAmongGzipAndDeflate(String acceptEncoding, ContentCoding expected) {
    assertThat(ContentCoding.negotiate(acceptEncoding)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"0.5|0.5", "1e-1|0.1", "' 2.5x'|2.5", "-Infinity|-Infinity", ".5|0.5", "1.2.3|1.2"})
  void qValuesAreReadAsJavaScriptsParseFloatReadsThem(String text, double expected) {
    assertThat(ContentCoding.parseFloat(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"abc", "''", "e5", "."})
  void aQValueWithoutANumberIsNaN(String text) {
    assertThat(ContentCoding.parseFloat(text)).isNaN();
  }
}
