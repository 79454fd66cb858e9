package io.herald.app;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class OpenFilesTest {
    @Test
    void reads_the_open_files_line_of_proc_self_limits() {
        String limits = """
                Limit                     Soft Limit           Hard Limit           Units
                Max processes             95314                95314                processes
                Max open files            1024                 20000                files
                Max locked memory         8388608              8388608              bytes
                """;
        assertEquals(new OpenFiles.Limits(1024, 20000), OpenFiles.parse(limits));
        assertEquals(new OpenFiles.Limits(4096, Long.MAX_VALUE),
                OpenFiles.parse("Max open files            4096                 unlimited            files\n"));
        assertNull(OpenFiles.parse("Max processes 1 1 processes\n"));
    }
}
