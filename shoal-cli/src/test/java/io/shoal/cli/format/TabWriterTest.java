package io.shoal.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TabWriterTest {
    @Test
    void padsColumnsToWidestCellPlusThreeWithTenMinimum() {
        String out = TabWriter.table("ID\tNAME\tPORTS\nabc\tweb\t*:80->80/tcp\nabcdef\ta-much-longer-name\t\n");
        // column 1: max(10, 6 + 3); column 2: 18 + 3; the last column is not padded
        assertThat(out).isEqualTo(""
                + "ID" + " ".repeat(8) + "NAME" + " ".repeat(17) + "PORTS\n"
                + "abc" + " ".repeat(7) + "web" + " ".repeat(18) + "*:80->80/tcp\n"
                + "abcdef" + " ".repeat(4) + "a-much-longer-name" + " ".repeat(3) + "\n");
    }

    @Test
    void lastCellIsNotPaddedAndEmptyCellsArePadded() {
        String out = TabWriter.table("A\t\tC\nlong-enough-cell\t\t\n");
        // column 1: 16 + 3 = 19 wide; column 2 (all empty): the minimum of 10
        assertThat(out).isEqualTo("A" + " ".repeat(18) + " ".repeat(10) + "C\n"
                + "long-enough-cell" + " ".repeat(3) + " ".repeat(10) + "\n");
    }

    @Test
    void aLineWithoutTabsEndsTheAlignmentBlock() {
        String out = layout("Client:\n Version:\t1\n Context:\tdefault\n\nServer: x\n Engine:\n  Version:\t0.1.0\n"
                + "  API version:\t1.50\n");
        assertThat(out).isEqualTo(""
                + "Client:\n"
                + " Version:           1\n"
                + " Context:           default\n"
                + "\n"
                + "Server: x\n"
                + " Engine:\n"
                + "  Version:          0.1.0\n"
                + "  API version:      1.50\n");
    }

    @Test
    void wideCharactersCountTwoColumns() {
        String out = TabWriter.table("\u540d\u524d\tX\nab\tY\n");
        assertThat(out).isEqualTo("\u540d\u524d" + " ".repeat(6) + "X\nab" + " ".repeat(8) + "Y\n");
    }

    /** The writer {@code docker version} uses: minimum width 20, padding 1. */
    private static String layout(String text) {
        StringBuilder sb = new StringBuilder();
        TabWriter tw = new TabWriter(sb, 20, 1);
        tw.write(text);
        tw.flush();
        return sb.toString();
    }
}
