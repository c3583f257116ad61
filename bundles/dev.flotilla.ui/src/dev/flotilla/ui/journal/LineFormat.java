package dev.flotilla.ui.journal;

/**
 * The fixed-width columns of a journal line in a monospace font: time (optional), machine (optional), unit,
 * message, two spaces apart, like {@code journalctl} with the unit prefixed. Fixed widths keep the columns
 * aligned and let the styler find them from the line's text alone.
 */
public record LineFormat(boolean showTime, boolean showMachine, int unitWidth) {

    static final int TIME_WIDTH = 12; // HH:mm:ss.SSS
    static final int MACHINE_WIDTH = 8;
    private static final String GAP = "  ";

    public LineFormat {
        unitWidth = Math.max(4, Math.min(unitWidth, 40));
    }

    /** Appends {@code line} formatted, without a newline. */
    public void append(StringBuilder out, JournalLine line) {
        if (showTime) {
            pad(out, line.time(), TIME_WIDTH);
            out.append(GAP);
        }
        if (showMachine) {
            pad(out, line.machine(), MACHINE_WIDTH);
            out.append(GAP);
        }
        pad(out, line.unit(), unitWidth);
        out.append(GAP);
        // a journal line never contains a newline; a stray CR would break the one-line-per-entry layout
        String m = line.message();
        if (m.indexOf('\r') >= 0 || m.indexOf('\n') >= 0) {
            m = m.replace('\r', ' ').replace('\n', ' ');
        }
        out.append(m);
    }

    public String format(JournalLine line) {
        StringBuilder b = new StringBuilder(80);
        append(b, line);
        return b.toString();
    }

    /** Start of the time column, or -1 when hidden. */
    public int timeStart() {
        return showTime ? 0 : -1;
    }

    /** Start of the machine column, or -1 when hidden. */
    public int machineStart() {
        return showMachine ? (showTime ? TIME_WIDTH + GAP.length() : 0) : -1;
    }

    public int unitStart() {
        return (showTime ? TIME_WIDTH + GAP.length() : 0) + (showMachine ? MACHINE_WIDTH + GAP.length() : 0);
    }

    public int messageStart() {
        return unitStart() + unitWidth + GAP.length();
    }

    private static void pad(StringBuilder out, String s, int width) {
        String v = s == null ? "" : s;
        if (v.length() > width) {
            out.append(v, 0, width - 1).append('…');
            return;
        }
        out.append(v);
        for (int i = v.length(); i < width; i++) {
            out.append(' ');
        }
    }
}
