package io.herald.testing;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The broker harness's own pure parts. */
class KafkaBrokerTest {
    /** The format tool read an id like "-Xq..." as an option and failed ("--cluster-id/-t: expected one argument"). */
    @Test
    void a_cluster_id_never_starts_with_a_dash_which_the_format_tool_takes_for_an_option() {
        for (int i = 0; i < 10_000; i++) {
            String id = KafkaBroker.clusterId();
            assertEquals(22, id.length(), id);
            assertNotEquals('-', id.charAt(0), id);
        }
    }
}
