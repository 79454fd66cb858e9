package io.herald.journal;

/** One journal entry: its position and the bytes that were appended (null when its reader did not want them copied: {@link Journal.Tail#next(java.util.function.LongPredicate)}). */
public record JournalEntry(long seq, byte[] bytes) {}
