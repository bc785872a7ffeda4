package io.tidings.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.server.metrics.ServerMetrics;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CountingMetricsTest {

  @Test
  void everyMetricIsPassedOnNoneIsLeftToItsEmptyDefault() throws Exception {
    for (Method m : ServerMetrics.class.getMethods()) {
      if (m.isDefault()) {
        Method own = CountingMetrics.class.getMethod(m.getName(), m.getParameterTypes());
        assertThat(own.getDeclaringClass()).as(m.getName() + " " + Arrays.toString(m.getParameterTypes()))
            .isEqualTo(CountingMetrics.class);
      }
    }
  }
}
