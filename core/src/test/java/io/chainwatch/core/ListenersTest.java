package io.chainwatch.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class ListenersTest {
    @Test
    void everyListenerIsToldInTurnAndOneThatThrowsStopsNeitherTheOthersNorTheCaller() {
        Listeners<String> listeners = new Listeners<>(LoggerFactory.getLogger(ListenersTest.class), "a test event");
        assertThat(listeners.isEmpty()).isTrue();
        List<String> heard = new ArrayList<>();
        listeners.add(e -> heard.add("first " + e));
        listeners.add(e -> {
            throw new IllegalStateException("a listener's own bug");
        });
        listeners.add(e -> heard.add("third " + e));
        listeners.tell("x");
        assertThat(heard).containsExactly("first x", "third x");
        assertThat(listeners.isEmpty()).isFalse();
    }
}
