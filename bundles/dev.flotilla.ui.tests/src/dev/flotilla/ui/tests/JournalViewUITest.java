package dev.flotilla.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.ActionContributionItem;
import org.eclipse.jface.action.IContributionItem;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.FleetUnitOption;
import dev.flotilla.core.api.JournalPage;
import dev.flotilla.core.client.FleetClient;
import dev.flotilla.ui.journal.JournalLine;
import dev.flotilla.ui.journal.JournalTab;
import dev.flotilla.ui.journal.JournalView;
import dev.flotilla.ui.journal.UpdateStats;
import dev.flotilla.ui.units.UnitsView;

/**
 * The Journal view against the run's real cluster ({@link UiSession}): units that write a line every 0.3 s,
 * opened through the Journal command from the Units view, followed live, filtered, highlighted, paused by
 * scrolling up and resumed with "Jump to Live", saved; and the view fed 10,000 lines/s by a local generator
 * through the follow jobs' path (figures printed, not asserted).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JournalViewUITest {

    static final Duration WAIT = Duration.ofSeconds(40);
    static final String TICKER = "journal-ticker.service";
    static final String CHATTER = "journal-chatter.service";
    static FlotillaCluster cluster;
    static FleetClient fleet;
    static RunningWorkbench workbench;

    @RegisterExtension
    static final BeforeAllCallback SESSION = context -> {
        UiSession session = UiSession.get(context);
        cluster = session.cluster;
        workbench = session.workbench;
        fleet = new FleetClient(cluster.client().transport());
    };

    @Test
    @Order(1)
    void aFollowedUnitShowsNewLinesLiveAndTheFilterKeepsOnlyMatchingLines() throws Exception {
        fleet.submit(TICKER, List.of(new FleetUnitOption("Description", "Unit", "writes a tick every 0.3 s"),
                new FleetUnitOption("ExecStart", "Service",
                        "/bin/sh -c 'while true; do echo tick $(date +%%s%%N); sleep 0.3; done'")),
                FleetUnit.LAUNCHED, false);
        fleet.submit(CHATTER, List.of(new FleetUnitOption("ExecStart", "Service",
                "/bin/sh -c 'while true; do echo chatter $(date +%%S); echo warning $(date +%%S) >&2; sleep 0.3; done'")),
                FleetUnit.LAUNCHED, false);
        String machine = Ui.await(workbench, TICKER + " running on a machine", WAIT, () -> {
            try {
                return fleet.unit(TICKER).filter(u -> FleetUnit.LAUNCHED.equals(u.currentState()))
                        .map(FleetUnit::machineID).orElse("");
            } catch (Exception e) {
                return "";
            }
        }, m -> !m.isEmpty()).substring(0, 8);
        workbench.onUi(() -> {
            window().getShell().setSize(1500, 950);
            return page().showView(UnitsView.ID);
        });
        Ui.await(workbench, "both units in the Units view", WAIT, JournalViewUITest::unitNames,
                n -> n.containsAll(List.of(TICKER, CHATTER)));

        // the Journal command on one selected unit: the view opens with a tab for it
        select(TICKER);
        execute("dev.flotilla.ui.commands.journal");
        JournalView view = workbench.onUi(() -> (JournalView) page().findView(JournalView.ID));
        assertTrue(view != null, "the Journal command opened the Journal view");
        assertEquals(TICKER, workbench.onUi(() -> view.current().orElseThrow().item().getText()));
        String columns = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  " + machine + "  " + TICKER.replace(".", "\\.") + "  ";
        List<String> first = Ui.await(workbench, "tick lines with time, machine and unit columns", WAIT,
                () -> lines(view), l -> l.size() >= 2 && l.get(l.size() - 1).matches(columns + "tick \\d+"));
        String last = first.get(first.size() - 1);
        long lastTick = Long.parseLong(last.substring(last.lastIndexOf(' ') + 1));
        // a line the unit writes after we looked appears without anything done: following
        List<String> later = Ui.await(workbench, "a newer tick line than " + lastTick, WAIT, () -> lines(view),
                l -> tickOf(l.get(l.size() - 1)) > lastTick);
        assertTrue(later.size() > first.size() || !later.get(0).equals(first.get(0)), later.toString());
        assertTrue(workbench.onUi(() -> view.current().orElseThrow().following()));
        assertTrue(workbench.onUi(() -> view.current().orElseThrow().statusText()).matches("[\\d,]+ lines · 0 dropped "
                + "\\(keeps the last 10,000\\)"), workbench.onUi(() -> view.current().orElseThrow().statusText()));

        // two units selected: one tab with both journals merged, the unit column telling them apart
        select(TICKER, CHATTER);
        execute("dev.flotilla.ui.commands.journal");
        assertEquals("2 units", workbench.onUi(() -> view.current().orElseThrow().item().getText()));
        assertEquals(2, (int) workbench.onUi(() -> view.tabs().size()));
        Ui.await(workbench, "lines of both units in the merged tab", WAIT, () -> lines(view),
                l -> l.stream().anyMatch(s -> s.contains(TICKER + "   tick "))
                        && l.stream().anyMatch(s -> s.contains(CHATTER + "  chatter ")));

        // 'Show only' with a regular expression: nothing else stays visible, and new lines are filtered too
        setText("journal.filterRegex", null, true);
        setText("journal.filter", "^(chatter|warning) [0-9]*[05]$", false);
        List<String> filtered = Ui.await(workbench, "only chatter/warning lines of seconds ending in 0 or 5", WAIT,
                () -> lines(view), l -> l.size() >= 4);
        for (String l : filtered) {
            assertTrue(l.matches(".*" + CHATTER.replace(".", "\\.") + "  (chatter|warning) \\d*[05]"), l);
        }
        int before = filtered.size();
        List<String> more = Ui.await(workbench, "a newer matching line", WAIT, () -> lines(view),
                l -> l.size() > before);
        for (String l : more) {
            assertTrue(l.matches(".*  (chatter|warning) \\d*[05]"), l);
        }
        assertTrue(workbench.onUi(() -> view.current().orElseThrow().statusText()).contains("shown by the filter"));
        // a bad expression is refused in words and the last good filter stays in force
        setText("journal.filter", "chatter (", false);
        assertEquals("Show only: Bad regular expression 'chatter (': Unclosed group at the end",
                workbench.onUi(() -> Ui.find(window().getShell(), "journal.filterProblem",
                        org.eclipse.swt.widgets.Label.class).getText()));
        assertTrue(lines(view).stream().allMatch(l -> l.matches(".*  (chatter|warning) \\d*[05]")));
        // the plain-text filter, and a highlight
        setText("journal.filterRegex", null, false);
        setText("journal.filter", "", false);
        setText("journal.highlight", "warning", false);
        Ui.await(workbench, "all lines again after clearing the filter", WAIT, () -> lines(view),
                l -> l.stream().anyMatch(s -> s.contains("  tick ")));
        // the line styler marks 'warning' with the highlight background, and colours stderr lines
        String marked = Ui.await(workbench, "a highlighted 'warning' in a visible line", WAIT, () -> {
            JournalTab tab = view.current().orElseThrow();
            StyledText t = tab.text();
            for (int i = 0; i < t.getLineCount(); i++) {
                String line = t.getLine(i);
                int at = line.indexOf("warning");
                if (at < 0) {
                    continue;
                }
                int offset = t.getOffsetAtLine(i);
                for (StyleRange r : tab.styles(i)) {
                    if (r.background != null && r.start == offset + at && r.length == "warning".length()) {
                        return line;
                    }
                }
            }
            return null;
        }, l -> l != null);
        assertTrue(marked.contains(CHATTER + "  warning "), marked);

        // scrolling up pauses: the text stays where the user reads, 'Jump to Live' appears and resumes
        workbench.onUi(() -> {
            JournalTab tab = view.current().orElseThrow();
            tab.text().setTopIndex(0);
            tab.text().getVerticalBar().notifyListeners(SWT.Selection, new Event());
            return null;
        });
        assertFalse(workbench.onUi(() -> view.current().orElseThrow().following()));
        assertTrue(workbench.onUi(() -> view.current().orElseThrow().jumpButton().isVisible()));
        String firstShown = workbench.onUi(() -> view.current().orElseThrow().text().getLine(0));
        Ui.await(workbench, "new lines counted while paused", WAIT,
                () -> view.current().orElseThrow().statusText(), s -> s.matches(".*paused, [1-9][\\d,]* new"));
        // still reading the oldest lines (a relayout for the button may shift by one line), not the newest
        int top = workbench.onUi(() -> view.current().orElseThrow().text().getTopIndex());
        assertTrue(top <= 1, "paused at the top, now at line " + top);
        assertEquals(firstShown, workbench.onUi(() -> view.current().orElseThrow().text().getLine(0)));
        assertFalse(workbench.onUi(() -> {
            StyledText t = view.current().orElseThrow().text();
            return t.getTopIndex() + t.getClientArea().height / t.getLineHeight() >= t.getLineCount();
        }), "the newest lines are below, not scrolled to");
        assertTrue(workbench.onUi(() -> toolbarItem("Scroll Lock").isChecked()), "Scroll Lock shows the pause");
        workbench.onUi(() -> {
            window().getShell().getDisplay().setCursorLocation(0, 0); // no tooltip over the view
            return Ui.screenshot(window().getShell(), "journal-view-paused");
        });
        workbench.onUi(() -> {
            view.current().orElseThrow().jumpButton().notifyListeners(SWT.Selection, new Event());
            return null;
        });
        assertTrue(workbench.onUi(() -> view.current().orElseThrow().following()));
        Ui.await(workbench, "the newest line in view after Jump to Live", WAIT, () -> {
            StyledText t = view.current().orElseThrow().text();
            int visible = t.getClientArea().height / t.getLineHeight();
            return t.getTopIndex() + visible >= t.getLineCount();
        }, b -> b);

        // the filter narrows the screenshot to the ticker, highlighting the tick
        setText("journal.filter", "tick", false);
        setText("journal.highlight", "tick \\d{6}", false);
        setText("journal.highlightRegex", null, true);
        // (the agent's "Starting writes a tick every 0.3 s..." matches too: the filter is on the text)
        Ui.await(workbench, "only the ticker's lines", WAIT, () -> lines(view),
                l -> !l.isEmpty() && l.stream().allMatch(s -> s.contains(TICKER + "   ") && s.contains("tick")));
        Thread.sleep(700);
        Path shot = workbench.onUi(() -> {
            window().getShell().getDisplay().setCursorLocation(0, 0);
            return Ui.screenshot(window().getShell(), "journal-view");
        });
        assertTrue(Files.size(shot) > 10_000, "screenshot " + shot);

        // the time column can be hidden; the machine and unit columns stay
        workbench.onUi(() -> {
            toolbarItem("Show Timestamps").setChecked(false);
            toolbarItem("Show Timestamps").run();
            return null;
        });
        List<String> noTime = lines(view);
        assertTrue(noTime.stream().allMatch(s -> s.startsWith(machine + "  " + TICKER)), noTime.toString());

        // save writes what is shown
        Path file = Path.of(System.getProperty("flotilla.test.output", "target"), "journal-saved.log");
        Job save = workbench.onUi(() -> view.save(view.current().orElseThrow(), file));
        save.join(10_000, null);
        String saved = Files.readString(file);
        assertTrue(saved.startsWith(machine + "  " + TICKER) && saved.contains(" tick "), saved);

        // Copy with nothing selected copies every shown line; with a selection, just that
        String copied = workbench.onUi(() -> {
            view.current().orElseThrow().text().setSelection(0, 0);
            toolbarItem("Copy").run();
            org.eclipse.swt.dnd.Clipboard c = new org.eclipse.swt.dnd.Clipboard(window().getShell().getDisplay());
            try {
                return (String) c.getContents(org.eclipse.swt.dnd.TextTransfer.getInstance());
            } finally {
                c.dispose();
            }
        });
        assertTrue(copied != null && copied.startsWith(machine + "  " + TICKER) && copied.contains(" tick "),
                String.valueOf(copied));

        // settings survive closing the view: filter, highlight and the time column come back as left, and the
        // tabs come back from the view's memento, following again
        List<String> keys = workbench.onUi(() -> view.tabs().stream().map(JournalTab::key).toList());
        workbench.onUi(() -> {
            page().hideView(view);
            return null;
        });
        JournalView again = workbench.onUi(() -> (JournalView) page().showView(JournalView.ID));
        assertTrue(again != view, "a new view");
        assertEquals("tick", workbench.onUi(() -> Ui.find(window().getShell(), "journal.filter", Text.class).getText()));
        assertEquals("tick \\d{6}", workbench.onUi(() -> Ui.find(window().getShell(), "journal.highlight", Text.class)
                .getText()));
        assertFalse(workbench.onUi(() -> toolbarItem("Show Timestamps").isChecked()));
        assertEquals(keys, workbench.onUi(() -> again.tabs().stream().map(JournalTab::key).toList()));
        Ui.await(workbench, "the restored tab following its unit again", WAIT, () -> lines(again),
                l -> l.stream().anyMatch(s -> s.contains(" tick ")));
        Ui.await(workbench, "one follow job per followed unit (the closed view's stopped)", WAIT,
                () -> Job.getJobManager().find(dev.flotilla.ui.journal.FollowJournalJob.FAMILY).length, n -> n == 3);
        // closing the tabs stops following
        workbench.onUi(() -> {
            again.tabs().forEach(again::closeTab);
            return null;
        });
        Ui.await(workbench, "no follow job left after closing the tabs", WAIT,
                () -> Job.getJobManager().find(dev.flotilla.ui.journal.FollowJournalJob.FAMILY).length, n -> n == 0);
        workbench.onUi(() -> {
            Ui.find(window().getShell(), "journal.filter", Text.class).setText("");
            Ui.find(window().getShell(), "journal.highlight", Text.class).setText("");
            toolbarItem("Show Timestamps").setChecked(true);
            toolbarItem("Show Timestamps").run();
            return null;
        });
        fleet.destroy(CHATTER);
    }

    @Test
    @Order(2)
    void benchmarkTenThousandLinesPerSecond() throws Exception {
        JournalView view = workbench.onUi(() -> (JournalView) page().showView(JournalView.ID));
        setText("journal.filter", "", false);
        setText("journal.highlight", "", false);
        JournalTab tab = workbench.onUi(() -> view.openTab(List.of("bench@1.service", "bench@2.service"), false));
        int rate = 10_000;
        int seconds = 10;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        // the generator writes through the follow job's path: a journal line as the SSE stream gives it,
        // turned into the view's line and added to the tab's buffer, paced to `rate` lines per second
        Thread generator = new Thread(() -> {
            long start = System.nanoTime();
            long n = 0;
            while (!stop.get()) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                for (; n < due; n++) {
                    JournalPage.Line line = new JournalPage.Line(n, Instant.now().toString(), n % 10 == 0 ? "stderr"
                            : "stdout", "GET /api/v1/items/" + n + " 200 " + (n % 997) + "ms user=bench-" + (n % 13));
                    tab.buffer().add(JournalLine.of(n % 2 == 0 ? "a1b2c3d4" : "e5f60718",
                            n % 2 == 0 ? "bench@1.service" : "bench@2.service", line));
                }
                written.set(n);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "journal-benchmark-generator");
        long[] pings = new long[seconds * 20];
        int pingCount = 0;
        generator.start();
        Thread.sleep(1000); // warm up
        workbench.onUi(() -> {
            tab.stats().reset();
            return null;
        });
        long missedBefore = workbench.onUi(tab::missedBeforeShown);
        long droppedBefore = tab.buffer().dropped();
        long writtenBefore = written.get();
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < seconds * 1_000_000_000L && pingCount < pings.length) {
            long p = System.nanoTime();
            workbench.onUi(() -> null);
            pings[pingCount++] = System.nanoTime() - p;
            Thread.sleep(50);
        }
        long elapsed = System.nanoTime() - t0;
        long lines = written.get() - writtenBefore;
        UpdateStats.Summary s = workbench.onUi(() -> tab.stats().summary());
        long missed = workbench.onUi(tab::missedBeforeShown) - missedBefore;
        long dropped = tab.buffer().dropped() - droppedBefore;
        workbench.onUi(() -> Ui.screenshot(window().getShell(), "journal-view-10000-lines-per-second"));
        stop.set(true);
        generator.join();
        Arrays.sort(pings, 0, pingCount);
        System.out.printf("Journal view at %,d lines/s for %.1f s: %,d lines written (%,.0f/s); %s; %.1f updates/s; "
                + "dropped by the %,d-line buffer %,d (ring full, by design); overwritten before the UI showed them %,d; "
                + "UI round trip p50 %.2f ms, max %.2f ms%n", rate, elapsed / 1e9, lines, lines / (elapsed / 1e9), s,
                s.updates() / (elapsed / 1e9), tab.buffer().capacity(), dropped, missed,
                pings[pingCount / 2] / 1e6, pings[pingCount - 1] / 1e6);
        String status = workbench.onUi(tab::statusText);
        System.out.println("Journal view status line: " + status);
        assertTrue(status.matches("[\\d,]+ lines · [1-9][\\d,]* dropped \\(keeps the last 10,000\\)"), status);
        assertEquals(tab.buffer().capacity(), (int) workbench.onUi(tab::shownLines) <= tab.buffer().capacity() * 11 / 10
                ? tab.buffer().capacity() : -1, "the text keeps at most the buffer's lines (+10% slack)");
        workbench.onUi(() -> {
            view.closeTab(tab);
            return null;
        });
    }

    // ------------------------------------------------------------------ helpers

    static IWorkbenchWindow window() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow();
    }

    static IWorkbenchPage page() {
        return window().getActivePage();
    }

    /** The lines the current tab shows; UI thread via the workbench. */
    static List<String> lines(JournalView view) {
        return workbench.onUi(() -> {
            StyledText t = view.current().orElseThrow().text();
            String s = t.getText();
            return s.isEmpty() ? List.<String>of() : List.of(s.split("\n", -1));
        });
    }

    static long tickOf(String line) {
        int i = line.lastIndexOf("tick ");
        try {
            return i < 0 ? -1 : Long.parseLong(line.substring(i + 5).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static IContributionItem[] toolbar() {
        IViewPart v = page().findView(JournalView.ID);
        return v.getViewSite().getActionBars().getToolBarManager().getItems();
    }

    static org.eclipse.jface.action.IAction toolbarItem(String text) {
        for (IContributionItem i : toolbar()) {
            if (i instanceof ActionContributionItem a && text.equals(a.getAction().getText())) {
                return a.getAction();
            }
        }
        throw new AssertionError("no toolbar action " + text);
    }

    static void setText(String id, String text, boolean check) {
        workbench.onUi(() -> {
            Shell shell = window().getShell();
            if (text == null) {
                Button b = Ui.find(shell, id, Button.class);
                b.setSelection(check);
                b.notifyListeners(SWT.Selection, new Event());
            } else {
                Ui.find(shell, id, Text.class).setText(text);
            }
            return null;
        });
    }

    static List<String> unitNames() {
        UnitsView v = (UnitsView) page().findView(UnitsView.ID);
        var t = v.table().current();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            names.add(t.row(i).unit());
        }
        return names;
    }

    static void select(String... units) {
        workbench.onUi(() -> {
            UnitsView v = (UnitsView) page().showView(UnitsView.ID);
            page().activate(v);
            Table t = v.table().table();
            List<Integer> indices = new ArrayList<>();
            for (String u : units) {
                int i = v.table().current().indexOf(u);
                assertTrue(i >= 0, "no row " + u);
                indices.add(i);
            }
            t.setSelection(indices.stream().mapToInt(Integer::intValue).toArray());
            t.notifyListeners(SWT.Selection, new Event());
            return null;
        });
    }

    static void execute(String command) {
        workbench.onUi(() -> window().getService(IHandlerService.class).executeCommand(command, null));
    }
}
