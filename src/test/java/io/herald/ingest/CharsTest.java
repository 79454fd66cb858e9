package io.herald.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The table checks accept exactly what CONTRACT 3.1's patterns accept. */
class CharsTest {
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern RESOURCE = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Pattern PRODUCER_ID = Pattern.compile("[A-Za-z0-9_:-]{1,128}");
    private static final String ALPHABET = "aZ09_-.:/ é\"";

    @Test
    void agreesWithTheContractsPatterns() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            int length = random.nextInt(6) == 0 ? 120 + random.nextInt(20) : random.nextInt(8);
            StringBuilder s = new StringBuilder();
            for (int j = 0; j < length; j++) s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            String t = s.toString();
            assertEquals(t.length() <= 128 && TYPE.matcher(t).matches(), Chars.isType(t), t);
            assertEquals(RESOURCE.matcher(t).matches(), Chars.only(t, Chars.RESOURCE), t);
            assertEquals(PRODUCER_ID.matcher(t).matches(), Chars.only(t, Chars.PRODUCER_ID), t);
        }
    }
}
