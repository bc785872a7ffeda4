package io.tidings.admin.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.socketio.adapter.Adapter;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RoomWatchingAdapterTest {

  @Test
  void everyAdapterMethodIsPassedOnNoneIsLeftToItsDefault() throws Exception {
    for (Method m : Adapter.class.getMethods()) {
      if (m.isSynthetic() || java.lang.reflect.Modifier.isStatic(m.getModifiers())) continue;
      Method own = RoomWatchingAdapter.class.getMethod(m.getName(), m.getParameterTypes());
      assertThat(own.getDeclaringClass()).as(m.getName() + " " + Arrays.toString(m.getParameterTypes()))
          .isEqualTo(RoomWatchingAdapter.class);
    }
  }
}
