package dev.flotilla.ui.journal;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;

import dev.flotilla.ui.support.Widgets;

/**
 * One tab of the Journal view: the journal of one unit, or of several merged in arrival order, in a read-only
 * monospace text with time, machine and unit columns. Follow jobs (one per unit) write into the tab's
 * {@link JournalBuffer}; the UI thread drains it at most every {@value #MIN_UPDATE_MS} ms, appends what the
 * filter lets through and trims the text to the buffer's size. While the user has scrolled up the tab is
 * paused: new lines are counted, not scrolled to, until "Jump to Live" or scrolling back to the end.
 */
public final class JournalTab {

    /** Tells the view that the tab's follow state or status changed (UI thread). */
    public interface Listener {
        void tabChanged(JournalTab tab);
    }

    static final int MIN_UPDATE_MS = 50;
    private static final byte STDOUT = 0;
    private static final byte STDERR = 1;
    private static final byte AGENT = 2;
    private static final Color TIME_FG = new Color(0x80, 0x80, 0x80);
    private static final Color MACHINE_FG = new Color(0x00, 0x70, 0x70);
    private static final Color STDERR_FG = new Color(0xc0, 0x10, 0x10);
    private static final Color AGENT_FG = new Color(0x60, 0x60, 0x90);
    private static final Color HIGHLIGHT_BG = new Color(0xff, 0xe8, 0x40);
    private static final Color[] UNIT_FG = {new Color(0x1f, 0x4e, 0x9a), new Color(0x7a, 0x2e, 0x8c),
            new Color(0x2e, 0x6b, 0x1f), new Color(0x9a, 0x4e, 0x00), new Color(0x00, 0x5f, 0x87),
            new Color(0x8c, 0x1f, 0x4e)};

    private final List<String> units;
    private final Display display;
    private final CTabItem item;
    private final StyledText text;
    private final Label status;
    private final Label problem;
    private final Button jump;
    private final JournalBuffer buffer;
    private final Listener listener;
    private final List<FollowJournalJob> jobs = new ArrayList<>();
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private final Map<String, Color> unitColours = new TreeMap<>();
    private final UpdateStats stats = new UpdateStats();
    private final ByteList kinds = new ByteList();
    // UI thread only from here
    private LineFormat format;
    private LineFilter filter = LineFilter.NONE;
    private LineFilter highlight = LineFilter.NONE;
    private boolean following = true;
    private boolean scrollingByProgram;
    private long shownSeq;
    private long newWhilePaused;
    private long missed;
    private long lastUpdate;
    private boolean updateScheduled;

    JournalTab(CTabFolder folder, List<String> units, int capacity, LineFormat format, Image image,
            Listener listener) {
        this.units = List.copyOf(units);
        this.display = folder.getDisplay();
        this.listener = listener;
        int unitWidth = 0;
        for (String u : units) {
            unitWidth = Math.max(unitWidth, u.length());
            unitColours.put(u, UNIT_FG[unitColours.size() % UNIT_FG.length]);
        }
        this.format = new LineFormat(format.showTime(), format.showMachine(), unitWidth);
        this.buffer = new JournalBuffer(capacity, this::requestUpdate);

        item = new CTabItem(folder, SWT.CLOSE);
        item.setText(title(units));
        item.setToolTipText(units.size() == 1 ? "Journal of " + units.get(0)
                : "Journals of " + String.join(", ", units) + ", merged in arrival order");
        item.setImage(image);
        item.setData(this);
        Composite body = new Composite(folder, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).spacing(6, 2).margins(0, 0).applyTo(body);
        text = Widgets.id(new StyledText(body, SWT.MULTI | SWT.READ_ONLY | SWT.H_SCROLL | SWT.V_SCROLL),
                "journal.text");
        text.setFont(JFaceResources.getTextFont());
        text.setMargins(4, 2, 4, 2);
        text.setAlwaysShowScrollBars(false);
        // a size hint: without one every layout asks the text for its preferred size, measuring every line
        GridDataFactory.fillDefaults().grab(true, true).span(3, 1).hint(200, 80).applyTo(text);
        text.addLineStyleListener(e -> {
            int line = text.getLineAtOffset(e.lineOffset);
            e.styles = styles(e.lineText, e.lineOffset, line < kinds.size() ? kinds.get(line) : STDOUT);
        });
        // the user scrolling away from the end pauses the tab, scrolling back to the end resumes it
        text.getVerticalBar().addListener(SWT.Selection, e -> userScrolled());
        text.addListener(SWT.MouseWheel, e -> display.asyncExec(this::userScrolled));
        text.addListener(SWT.KeyDown, e -> {
            if (e.keyCode == SWT.ARROW_UP || e.keyCode == SWT.ARROW_DOWN || e.keyCode == SWT.PAGE_UP
                    || e.keyCode == SWT.PAGE_DOWN || e.keyCode == SWT.HOME || e.keyCode == SWT.END) {
                display.asyncExec(this::userScrolled);
            }
        });

        // the status line changes with every update: it fills its cell so a new text needs no layout
        status = Widgets.id(new Label(body, SWT.NONE), "journal.status");
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).indent(4, 0).applyTo(status);
        problem = Widgets.id(new Label(body, SWT.NONE), "journal.problem");
        problem.setForeground(STDERR_FG);
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).exclude(true).applyTo(problem);
        problem.setVisible(false);
        jump = Widgets.id(new Button(body, SWT.PUSH), "journal.jump");
        jump.setText("Jump to Live");
        jump.setToolTipText("Follow again: scroll to the newest line and keep up with new ones");
        jump.addListener(SWT.Selection, e -> setFollowing(true));
        GridDataFactory.fillDefaults().exclude(true).applyTo(jump);
        jump.setVisible(false);
        item.setControl(body);
        updateStatus();
    }

    static String title(List<String> units) {
        return units.size() == 1 ? units.get(0) : units.size() + " units";
    }

    /** Starts following every unit of the tab, {@code backlog} earlier lines each; any thread. */
    void follow(int backlog) {
        synchronized (jobs) {
            for (String u : units) {
                FollowJournalJob job = new FollowJournalJob(u, backlog, buffer, this::unitStatus);
                jobs.add(job);
                job.schedule();
            }
        }
    }

    /** Follows again from scratch (another cluster became the active one), if the tab was following. */
    void refollow(int backlog) {
        synchronized (jobs) {
            if (jobs.isEmpty()) {
                return; // fed by something else (the benchmark)
            }
            stop();
            follow(backlog);
        }
    }

    private void stop() {
        synchronized (jobs) {
            for (FollowJournalJob job : jobs) {
                job.cancel();
            }
            jobs.clear();
        }
    }

    public List<String> units() {
        return units;
    }

    /** Sorted, comma-joined unit names: the tab's identity. */
    public String key() {
        return key(units);
    }

    static String key(List<String> units) {
        return String.join(",", new TreeSet<>(units));
    }

    public CTabItem item() {
        return item;
    }

    public StyledText text() {
        return text;
    }

    /** The tab's buffer: the follow jobs write here, and so does the benchmark's generator. */
    public JournalBuffer buffer() {
        return buffer;
    }

    /** The "Jump to Live" button, shown while paused. */
    public Button jumpButton() {
        return jump;
    }

    public UpdateStats stats() {
        return stats;
    }

    public boolean following() {
        return following;
    }

    /** Lines the ring overwrote before the UI thread got to show them (it fell behind); UI thread. */
    public long missedBeforeShown() {
        return missed;
    }

    /** Lines the text shows now (after the filter). */
    public int shownLines() {
        return kinds.size();
    }

    // ---------------------------------------------------------------- updates

    /** Any thread: lines arrived while none were waiting; one UI update will take all that come meanwhile. */
    private void requestUpdate() {
        if (display.isDisposed()) {
            return;
        }
        display.asyncExec(() -> {
            if (text.isDisposed() || updateScheduled) {
                return;
            }
            updateScheduled = true;
            long wait = lastUpdate + MIN_UPDATE_MS - System.currentTimeMillis();
            if (wait > 0) {
                display.timerExec((int) wait, this::update);
            } else {
                update();
            }
        });
    }

    /** Appends what arrived since the last update; the time it takes on the UI thread is recorded. */
    void update() {
        updateScheduled = false;
        if (text.isDisposed()) {
            return;
        }
        long t0 = System.nanoTime();
        JournalBuffer.Batch batch = buffer.since(shownSeq);
        shownSeq = batch.next();
        missed += batch.missed();
        // (setRedraw(false) around these was tried: in the workbench it made updates 3x slower)
        int added = append(batch.lines());
        trim();
        if (following) {
            scrollToEnd();
        } else {
            newWhilePaused += added;
        }
        updateStatus();
        text.update(); // paint now, so the recorded time includes drawing the new lines
        stats.record(System.nanoTime() - t0, batch.lines().size());
        lastUpdate = System.currentTimeMillis();
    }

    /** Shows the buffer again with other columns, filter or highlight (UI thread). */
    void apply(boolean showTime, boolean showMachine, LineFilter newFilter, LineFilter newHighlight) {
        boolean rebuild = showTime != format.showTime() || showMachine != format.showMachine()
                || !same(newFilter, filter);
        format = new LineFormat(showTime, showMachine, format.unitWidth());
        filter = newFilter;
        highlight = newHighlight;
        if (rebuild) {
            rebuild();
        } else {
            // redraw() alone would paint the cached line layouts; this asks the styler again
            text.redrawRange(0, text.getCharCount(), true);
        }
    }

    private static boolean same(LineFilter a, LineFilter b) {
        return a.text().equals(b.text()) && a.regex() == b.regex();
    }

    private void rebuild() {
        kinds.clear();
        text.setText("");
        JournalBuffer.Batch all = buffer.all();
        shownSeq = all.next();
        append(all.lines());
        newWhilePaused = 0;
        if (following) {
            scrollToEnd();
        }
        updateStatus();
    }

    /** Forgets the lines shown so far (the Clear action); following goes on. */
    void clear() {
        buffer.clear();
        rebuild();
    }

    private int append(List<JournalLine> lines) {
        StringBuilder out = new StringBuilder(lines.size() * 90);
        boolean newline = text.getCharCount() > 0;
        int added = 0;
        for (JournalLine line : lines) {
            if (!filter.matches(line)) {
                continue;
            }
            if (newline) {
                out.append('\n');
            }
            newline = true;
            format.append(out, line);
            kinds.add(line.stderr() ? STDERR : line.agent() ? AGENT : STDOUT);
            added++;
        }
        if (added > 0) {
            text.append(out.toString());
        }
        return added;
    }

    /** Keeps the text at the buffer's size (with 10% slack, so trimming is occasional, not per update). */
    private void trim() {
        int max = buffer.capacity();
        int lines = kinds.size();
        if (lines <= max + Math.max(1, max / 10)) {
            return;
        }
        int remove = lines - max;
        int top = text.getTopIndex();
        int end = text.getOffsetAtLine(remove);
        scrollingByProgram = true;
        try {
            text.replaceTextRange(0, end, "");
            kinds.removeFirst(remove);
            if (!following) {
                text.setTopIndex(Math.max(0, top - remove)); // the lines the user reads stay in place
            }
        } finally {
            scrollingByProgram = false;
        }
    }

    private int visibleLines() {
        return Math.max(1, text.getClientArea().height / Math.max(1, text.getLineHeight()));
    }

    private void scrollToEnd() {
        scrollingByProgram = true;
        try {
            text.setTopIndex(Math.max(0, text.getLineCount() - visibleLines()));
        } finally {
            scrollingByProgram = false;
        }
    }

    private void userScrolled() {
        if (scrollingByProgram || text.isDisposed()) {
            return;
        }
        boolean atEnd = text.getTopIndex() + visibleLines() >= text.getLineCount();
        setFollowing(atEnd);
    }

    /** Pauses (false) or follows the newest lines again (true); UI thread. */
    public void setFollowing(boolean follow) {
        if (text.isDisposed() || follow == following) {
            return;
        }
        following = follow;
        if (follow) {
            newWhilePaused = 0;
            scrollToEnd();
        }
        jump.setVisible(!follow);
        ((org.eclipse.swt.layout.GridData) jump.getLayoutData()).exclude = follow;
        jump.getParent().layout(new org.eclipse.swt.widgets.Control[] {status, jump});
        updateStatus();
        listener.tabChanged(this);
    }

    // ---------------------------------------------------------------- status

    private void unitStatus(String unit, String message) {
        boolean changed = message == null ? problems.remove(unit) != null
                : !message.equals(problems.put(unit, message));
        if (changed) {
            display.asyncExec(() -> {
                if (!text.isDisposed()) {
                    updateStatus();
                }
            });
        }
    }

    /** "1,234 lines · 56 dropped (keeps the last 10,000)", plus the paused count and following problems. */
    private void updateStatus() {
        NumberFormat n = NumberFormat.getIntegerInstance();
        long total = buffer.total();
        long dropped = buffer.dropped();
        StringBuilder s = new StringBuilder();
        s.append(n.format(total)).append(total == 1 ? " line" : " lines");
        if (!filter.isEmpty()) {
            s.append(", ").append(n.format(kinds.size())).append(" shown by the filter");
        }
        s.append(" · ").append(n.format(dropped)).append(" dropped (keeps the last ")
                .append(n.format(buffer.capacity())).append(')');
        if (!following) {
            s.append(" · paused, ").append(n.format(newWhilePaused)).append(" new");
        }
        status.setText(s.toString());
        List<String> p = new ArrayList<>(new TreeMap<>(problems).values());
        String problemText = String.join(" · ", p);
        if (!problemText.equals(problem.getText())) {
            problem.setText(problemText);
            problem.setToolTipText(problemText.isEmpty() ? null : problemText);
            problem.setVisible(!problemText.isEmpty());
            ((org.eclipse.swt.layout.GridData) problem.getLayoutData()).exclude = problemText.isEmpty();
            status.getParent().layout(new org.eclipse.swt.widgets.Control[] {status, problem, jump});
        }
    }

    public String statusText() {
        return status.getText();
    }

    public String problemText() {
        return problem.getText();
    }

    // ---------------------------------------------------------------- styles

    /** The styles the text gets for line {@code index} (what the user sees coloured and highlighted). */
    public StyleRange[] styles(int index) {
        return styles(text.getLine(index), text.getOffsetAtLine(index), index < kinds.size() ? kinds.get(index)
                : STDOUT);
    }

    /** Colours for the columns, by stream for the message, and the highlight's matches on top. */
    private StyleRange[] styles(String line, int offset, byte kind) {
        int len = line.length();
        List<int[]> segments = new ArrayList<>(4); // start, end, colour index
        if (format.timeStart() >= 0) {
            segments.add(new int[] {format.timeStart(), format.timeStart() + LineFormat.TIME_WIDTH, 0});
        }
        if (format.machineStart() >= 0) {
            segments.add(new int[] {format.machineStart(), format.machineStart() + LineFormat.MACHINE_WIDTH, 1});
        }
        segments.add(new int[] {format.unitStart(), format.unitStart() + format.unitWidth(), 2});
        if (kind != STDOUT) {
            segments.add(new int[] {format.messageStart(), len, kind == STDERR ? 3 : 4});
        }
        List<int[]> marks = highlight.ranges(line, 200);
        TreeSet<Integer> cuts = new TreeSet<>();
        cuts.add(0);
        cuts.add(len);
        for (int[] s : segments) {
            cuts.add(Math.min(s[0], len));
            cuts.add(Math.min(s[1], len));
        }
        for (int[] m : marks) {
            cuts.add(m[0]);
            cuts.add(m[1]);
        }
        Color unitColour = null;
        List<StyleRange> out = new ArrayList<>();
        Integer a = cuts.first();
        for (Integer b = cuts.higher(a); b != null; a = b, b = cuts.higher(b)) {
            int style = -1;
            for (int[] s : segments) {
                if (a >= s[0] && a < s[1]) {
                    style = s[2];
                }
            }
            boolean marked = false;
            for (int[] m : marks) {
                if (a >= m[0] && a < m[1]) {
                    marked = true;
                }
            }
            if (style < 0 && !marked) {
                continue;
            }
            StyleRange r = new StyleRange();
            r.start = offset + a;
            r.length = b - a;
            switch (style) {
                case 0 -> r.foreground = TIME_FG;
                case 1 -> r.foreground = MACHINE_FG;
                case 2 -> {
                    if (unitColour == null) {
                        unitColour = unitColour(line.substring(Math.min(a, len), Math.min(b, len)).strip());
                    }
                    r.foreground = unitColour;
                }
                case 3 -> r.foreground = STDERR_FG;
                case 4 -> {
                    r.foreground = AGENT_FG;
                    r.fontStyle = SWT.ITALIC;
                }
                default -> {
                    // plain message text
                }
            }
            if (marked) {
                r.background = HIGHLIGHT_BG;
                r.fontStyle |= SWT.BOLD;
            }
            out.add(r);
        }
        return out.toArray(StyleRange[]::new);
    }

    private Color unitColour(String unit) {
        Color c = unitColours.get(unit);
        return c != null ? c : UNIT_FG[0];
    }

    // ---------------------------------------------------------------- life

    /** Stops following (cancels the jobs, which closes their streams). */
    void dispose() {
        stop();
    }

    /** A growable byte list that drops from the front cheaply: the stream of each shown line. */
    static final class ByteList {
        private byte[] data = new byte[1024];
        private int start;
        private int size;

        void add(byte b) {
            if (start + size == data.length) {
                if (start > data.length / 2) {
                    System.arraycopy(data, start, data, 0, size);
                } else {
                    data = java.util.Arrays.copyOf(data, data.length * 2);
                    System.arraycopy(data, start, data, 0, size);
                }
                start = 0;
            }
            data[start + size++] = b;
        }

        byte get(int i) {
            return data[start + i];
        }

        void removeFirst(int n) {
            int k = Math.min(n, size);
            start += k;
            size -= k;
        }

        void clear() {
            start = 0;
            size = 0;
        }

        int size() {
            return size;
        }
    }
}
