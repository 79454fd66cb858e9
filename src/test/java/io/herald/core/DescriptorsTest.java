package io.herald.core;

import static org.junit.jupiter.api.Assertions.*;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DescriptorsTest {
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final Descriptors d = new Descriptors(nanos::get);

    void advanceSeconds(long s) {
        nanos.addAndGet(s * 1_000_000_000L);
    }

    @Test
    void emfile_is_recognised_in_any_cause_and_nothing_else_is() {
        assertTrue(Descriptors.isExhaustion(new IOException("Too many open files")));
        assertTrue(Descriptors.isExhaustion(new IllegalStateException("x", new FileNotFoundException("/d/f.cq4 (Too many open files)"))));
        assertFalse(Descriptors.isExhaustion(new IOException("No space left on device")));
        assertFalse(Descriptors.isExhaustion(null));
    }

    @Test
    void an_episode_lasts_until_a_success_after_a_quiet_spell_so_a_flapping_limit_is_one_episode() {
        d.limit(1024);
        d.exhausted("accept");
        assertTrue(d.underPressure());
        d.relieved(); // right after a failure: the limit may be hit again at once
        advanceSeconds(1);
        d.exhausted("accept");
        d.relieved();
        assertTrue(d.underPressure(), "still the same episode");
        advanceSeconds(6);
        assertFalse(d.underPressure(), "quiet for longer than the hysteresis");
        d.relieved();
        d.exhausted("journal");
        assertTrue(d.underPressure(), "a new episode");
        assertEquals("out of file descriptors (limit 1024): too many open connections or files; close some, or raise"
                + " the limit (ulimit -n)", d.describe());
    }
}
