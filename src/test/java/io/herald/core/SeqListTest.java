package io.herald.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeqListTest {

    @Test
    void a_run_of_consecutive_seqs_is_held_in_two_entries() {
        SeqList list = new SeqList();
        for (long s = 1; s <= 1_000_000; s++) list.add(s);
        assertEquals(2, list.entries());
        assertEquals(1_000_000, list.count());
        assertArrayEquals(new long[] {999_999, 1_000_000}, list.after(999_998));
    }

    @Test
    void seqs_apart_take_one_entry_each_and_answer_in_order() {
        SeqList list = new SeqList();
        for (long s = 5; s <= 5_000; s += 1000) list.add(s);
        assertEquals(5, list.entries());
        assertArrayEquals(new long[] {1005, 2005, 3005, 4005}, list.after(5));
        assertArrayEquals(new long[] {5, 1005, 2005, 3005, 4005}, list.after(0));
        assertArrayEquals(new long[0], list.after(4005));
    }

    @Test
    void dropping_below_a_seq_inside_a_run_keeps_the_rest_of_the_run_and_gives_memory_back() {
        SeqList list = new SeqList();
        for (long s = 1; s <= 10_000; s += 2) list.add(s); // 5,000 entries: the array grew to 8,192
        for (long s = 10_001; s <= 20_000; s++) list.add(s);
        list.dropBelow(19_998);
        assertArrayEquals(new long[] {19_998, 19_999, 20_000}, list.after(0));
        assertEquals(2, list.entries());
        list.dropBelow(20_000);
        assertArrayEquals(new long[] {20_000}, list.after(0));
        assertEquals(1, list.entries());
        list.add(20_001);
        assertArrayEquals(new long[] {20_000, 20_001}, list.after(0));
    }

    @Test
    void seqs_out_of_order_or_not_positive_are_refused() {
        SeqList list = new SeqList();
        list.add(3);
        list.add(4);
        assertThrows(IllegalArgumentException.class, () -> list.add(4));
        assertThrows(IllegalArgumentException.class, () -> list.add(2));
        assertThrows(IllegalArgumentException.class, () -> new SeqList().add(0));
    }

    @Test
    void a_bounded_list_keeps_the_newest_seqs_and_says_below_which_it_forgot() {
        SeqList list = SeqList.keepingAbout(8);
        for (long s = 2; s <= 200; s += 2) list.add(s); // lone seqs: one entry each
        SeqList.Window w = list.window(0);
        assertTrue(list.entries() <= 8 && list.entries() >= 4, "entries " + list.entries());
        assertTrue(w.floor() > 0 && w.floor() < 200, "floor " + w.floor());
        long[] expected = java.util.stream.LongStream.rangeClosed(1, 100).map(i -> 2 * i).filter(s -> s > w.floor()).toArray();
        assertArrayEquals(expected, w.seqs());
        assertArrayEquals(new long[] {200}, list.window(198).seqs());
        for (long s = 201; s <= 300; s++) list.add(s); // one run: one more entry
        long floor = list.window(0).floor();
        for (long s = 301; s <= 100_000; s++) list.add(s); // the same run: nothing more forgotten
        assertEquals(floor, list.window(0).floor());
        assertEquals(100_000 - 201 + 1, list.window(200).seqs().length);
    }

    @Test
    void a_bounded_list_answers_what_a_plain_one_would_above_its_floor() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            SeqList list = SeqList.keepingAbout(4 + random.nextInt(12));
            List<Long> model = new ArrayList<>();
            long seq = 0, lastFloor = 0;
            for (int op = 0; op < 400; op++) {
                if (random.nextInt(4) > 0) {
                    seq += random.nextInt(3) == 0 ? 1 + random.nextInt(5) : 1;
                    list.add(seq);
                    model.add(seq);
                } else {
                    long after = random.nextLong(seq + 2);
                    SeqList.Window w = list.window(after);
                    assertTrue(w.floor() >= lastFloor, "the floor never goes down");
                    lastFloor = w.floor();
                    long from = Math.max(after, w.floor());
                    assertArrayEquals(model.stream().filter(s -> s > from).mapToLong(Long::longValue).toArray(), w.seqs(),
                            "after " + after + ", floor " + w.floor() + " of " + model);
                }
            }
        }
    }

    @Test
    void answers_what_a_plain_sorted_list_would_under_random_adds_queries_and_drops() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            SeqList list = new SeqList();
            List<Long> model = new ArrayList<>();
            long seq = 0;
            for (int op = 0; op < 300; op++) {
                int what = random.nextInt(10);
                if (what < 7) {
                    seq += random.nextInt(4) == 0 ? 1 + random.nextInt(5) : 1; // mostly runs, some gaps
                    list.add(seq);
                    model.add(seq);
                } else if (what < 9) {
                    long after = seq == 0 ? 0 : random.nextLong(seq + 2);
                    assertArrayEquals(model.stream().filter(s -> s > after).mapToLong(Long::longValue).toArray(), list.after(after),
                            "after " + after + " of " + model);
                } else {
                    long first = seq == 0 ? 1 : 1 + random.nextLong(seq + 1);
                    list.dropBelow(first);
                    model.removeIf(s -> s < first);
                }
                assertEquals(model.size(), list.count());
            }
            assertArrayEquals(model.stream().mapToLong(Long::longValue).toArray(), list.after(0));
        }
    }
}
