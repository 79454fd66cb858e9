package io.herald.journal;

/** One journal entry: its position and the bytes that were appended. */
public record JournalEntry(long seq, byte[] bytes) {}
