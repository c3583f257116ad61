package dev.flotilla.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.text.IDocument;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.flotilla.core.api.FleetUnit;
import dev.flotilla.core.api.FleetUnitOption;
import dev.flotilla.core.client.ClientConfig;
import dev.flotilla.core.client.FleetClient;
import dev.flotilla.core.unit.Diagnostic;
import dev.flotilla.ui.editor.UnitEditor;
import dev.flotilla.ui.editor.UnitEditors;
import dev.flotilla.ui.editor.cluster.ClusterAccess;
import dev.flotilla.ui.editor.cluster.DiffDialog;
import dev.flotilla.ui.editor.form.MetadataRuleBuilder;
import dev.flotilla.ui.editor.form.UnitFormPage;
import dev.flotilla.ui.editor.source.ProblemAnnotations;
import dev.flotilla.ui.editor.source.UnitSourcePage;
import dev.flotilla.ui.support.Widgets;

/**
 * The unit editor in the running workbench against a real three-member cluster: form and source edit one model,
 * files round-trip byte for byte, problems are marked where they are, the placement preview asks the cluster, and
 * saving a cluster unit replaces it after showing the diff. Screenshots go to target/screenshots/unit-editor-*.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UnitEditorUITest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static UiSession session;
    static RunningWorkbench workbench;
    static FleetClient fleet;
    static Path files;

    @RegisterExtension
    static final BeforeAllCallback SESSION = context -> {
        session = UiSession.get(context);
        workbench = session.workbench;
        fleet = FleetClient.create(ClientConfig.builder()
                .endpoint(URI.create(session.cluster.node(1).clientUrl())).build());
        files = Path.of(System.getProperty("flotilla.test.output", "target"), "unit-files");
        Files.createDirectories(files);
    };

    @AfterEach
    void closeEditors() {
        workbench.onUi(() -> {
            for (org.eclipse.ui.IEditorReference ref : page().getEditorReferences()) {
                page().setPartState(ref, IWorkbenchPage.STATE_RESTORED);
            }
            return page().closeAllEditors(false);
        });
    }

    /** Gives the editor the whole window, for readable screenshots. */
    static void maximize(UnitEditor editor) {
        workbench.onUi(() -> {
            page().setPartState(page().getReference(editor), IWorkbenchPage.STATE_MAXIMIZED);
            return null;
        });
    }

    @Test
    @Order(6)
    void contentAssistOffersTheKeysOfTheSectionAndTheCommandIsInTheFileMenu() throws Exception {
        Path file = files.resolve("assist.service");
        Files.writeString(file, "[Unit]\nDescription=Assist\n\n[Service]\nExec");
        UnitEditor editor = workbench.onUi(() -> UnitEditors.openFile(page(), file));
        maximize(editor);
        workbench.onUi(() -> {
            editor.showSource();
            StyledText text = viewer(editor);
            text.setFocus();
            text.setCaretOffset(text.getCharCount());
            editor.sourcePage().viewer().doOperation(org.eclipse.jface.text.source.ISourceViewer.CONTENTASSIST_PROPOSALS);
            return null;
        });
        List<String> proposals = Ui.await(workbench, "the completion popup", WAIT, UnitEditorUITest::popupItems,
                l -> !l.isEmpty());
        assertEquals("ExecStart=", proposals.get(0), proposals.toString());
        assertTrue(proposals.containsAll(List.of("ExecStartPre=", "ExecStop=")), proposals.toString());
        workbench.onUi(() -> Ui.screenshot(shell(), "unit-editor-content-assist"));
        org.eclipse.core.commands.Command open = workbench.onUi(() -> PlatformUI.getWorkbench()
                .getService(org.eclipse.ui.commands.ICommandService.class)
                .getCommand("dev.flotilla.ui.editor.openUnitFile"));
        assertTrue(workbench.onUi(() -> open.isDefined() && open.isHandled()));
        assertEquals("Open Unit File…", workbench.onUi(open::getName));
        List<String> fileMenu = workbench.onUi(() -> {
            List<String> out = new ArrayList<>();
            for (org.eclipse.swt.widgets.MenuItem top : shell().getMenuBar().getItems()) {
                if (top.getText().replace("&", "").equals("File")) {
                    org.eclipse.swt.widgets.Menu menu = top.getMenu();
                    menu.notifyListeners(SWT.Show, new org.eclipse.swt.widgets.Event()); // menus fill when shown
                    for (org.eclipse.swt.widgets.MenuItem i : menu.getItems()) {
                        out.add(i.getText().replace("&", ""));
                    }
                    menu.notifyListeners(SWT.Hide, new org.eclipse.swt.widgets.Event());
                }
            }
            return out;
        });
        assertTrue(fileMenu.stream().anyMatch(t -> t.startsWith("Open Unit File…")), fileMenu.toString());
    }

    @Test
    @Order(7)
    void aUnitOpenedFromAnotherClusterIsNotSentToTheActiveOne() throws Exception {
        dev.flotilla.ui.connection.ClusterProfile other = dev.flotilla.ui.connection.ClusterProfile.create(
                "elsewhere", List.of(URI.create("http://127.0.0.1:9")), "#7fb2e5");
        String text = "[Service]\nExecStart=/bin/true\n";
        UnitEditor editor = workbench.onUi(() -> (UnitEditor) page().openEditor(
                new dev.flotilla.ui.editor.UnitEditorInput("stray.service", text, other), UnitEditor.ID));
        workbench.onUi(() -> {
            editor.save();
            return null;
        });
        String message = workbench.onUi(editor::lastMessage);
        assertTrue(message.startsWith("Not submitted: stray.service was opened from cluster elsewhere but the "
                + "active cluster is "), message);
        assertTrue(unit("stray.service").isEmpty());
    }

    /** The texts of the table in an open popup shell (the completion proposals), or nothing. */
    static List<String> popupItems() {
        List<String> out = new ArrayList<>();
        for (Shell s : org.eclipse.swt.widgets.Display.getCurrent().getShells()) {
            if (s != shell() && s.isVisible()) {
                collect(s, out);
            }
        }
        return out;
    }

    private static void collect(Control c, List<String> out) {
        if (c instanceof Table t) {
            for (TableItem i : t.getItems()) {
                out.add(i.getText());
            }
        } else if (c instanceof org.eclipse.swt.widgets.Composite comp) {
            for (Control child : comp.getChildren()) {
                collect(child, out);
            }
        }
    }

    @Test
    @Order(1)
    void aClusterUnitEditedInTheFormShowsInTheSourceAndIsReplacedAfterTheDiff() throws Exception {
        String original = "[Unit]\nDescription=Hello\n\n[Service]\nExecStart=/bin/sh -c \"echo hi; sleep 600\"\n"
                + "Restart=on-failure\n";
        fleet.submit("hello.service", ClusterAccess.options(original), null, false);
        String running = ClusterAccess.text(fleet.unit("hello.service").orElseThrow());
        // as the units view opens it: by name, read from the cluster in the background
        workbench.onUi(() -> {
            UnitEditors.openSubmitted(page(), "hello.service");
            return null;
        });
        UnitEditor editor = Ui.await(workbench, "the editor of hello.service", WAIT,
                () -> page().getActiveEditor() instanceof UnitEditor e ? e : null, e -> e != null);
        maximize(editor);
        assertEquals(running, workbench.onUi(() -> editor.model().document().get()));

        workbench.onUi(() -> {
            field(editor, "Unit", "Description", Text.class).setText("Hello, edited in the form");
            return null;
        });
        assertTrue(workbench.onUi(editor::isDirty));
        String source = workbench.onUi(() -> {
            editor.showSource();
            return viewer(editor).getText();
        });
        assertEquals(running.replace("Description=Hello\n", "Description=Hello, edited in the form\n"), source);
        workbench.onUi(() -> Ui.screenshot(shell(), "unit-editor-source"));
        workbench.onUi(() -> {
            editor.showForm();
            return null;
        });
        Ui.await(workbench, "the form page shown", WAIT, () -> form(editor).isVisible(), v -> v);
        workbench.onUi(() -> Ui.screenshot(shell(), "unit-editor-form"));

        workbench.onUiLater(editor::save);
        Shell dialog = Ui.awaitShell(workbench, DiffDialog.TITLE);
        String diff = workbench.onUi(() -> Ui.find(dialog, DiffDialog.DIFF, StyledText.class).getText());
        assertTrue(diff.contains("\n-Description=Hello\n+Description=Hello, edited in the form\n"), diff);
        assertTrue(diff.contains(" ExecStart=/bin/sh -c \"echo hi; sleep 600\"\n"), diff);
        workbench.onUi(() -> Ui.screenshot(dialog, "unit-editor-replace-diff"));
        workbench.onUi(() -> {
            Ui.press(dialog, "Replace");
            return null;
        });
        Ui.await(workbench, "the replaced unit in the cluster", WAIT, () -> description("hello.service"),
                d -> "Hello, edited in the form".equals(d));
        String message = Ui.await(workbench, "the editor to say it replaced the unit", WAIT, editor::lastMessage,
                m -> m.startsWith("Replaced"));
        assertEquals("Replaced hello.service in the cluster.", message);
        assertFalse(workbench.onUi(editor::isDirty));
    }

    @Test
    @Order(2)
    void aFileIsWrittenBackByteForByteAndAFormEditChangesOnlyItsLine() throws Exception {
        byte[] original = Fixtures.unit("web-crlf.service");
        Path file = files.resolve("web-crlf.service");
        Files.write(file, original);
        UnitEditor editor = workbench.onUi(() -> UnitEditors.openFile(page(), file));
        // opened and saved unchanged: the very same bytes (CRLF, trailing blanks, invalid UTF-8, no final newline)
        workbench.onUi(() -> {
            editor.doSave(null);
            return null;
        });
        assertArrayEquals(original, Files.readAllBytes(file));

        workbench.onUi(() -> {
            field(editor, "Service", "Restart", Combo.class).setText("on-failure");
            return null;
        });
        assertTrue(workbench.onUi(editor::isDirty));
        // File › Save / Ctrl+S: the workbench's save command
        workbench.onUi(() -> PlatformUI.getWorkbench().getActiveWorkbenchWindow()
                .getService(org.eclipse.ui.handlers.IHandlerService.class)
                .executeCommand("org.eclipse.ui.file.save", null));
        String latin = new String(original, StandardCharsets.ISO_8859_1);
        byte[] expected = latin.replace("Restart=always\r\n", "Restart=on-failure\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertArrayEquals(expected, Files.readAllBytes(file));
        assertFalse(workbench.onUi(editor::isDirty));

        // typing in the source page shows in the form at once
        String user = workbench.onUi(() -> {
            IDocument doc = editor.model().document();
            doc.replace(doc.get().indexOf("Restart=on-failure"), 0, "User=www\r\n");
            return field(editor, "Service", "User", Text.class).getText();
        });
        assertEquals("www", user);

        // the metadata rule builder shows fleet's meaning of the two MachineMetadata lines
        String meaning = workbench.onUi(() -> ((org.eclipse.swt.widgets.Label) Widgets.find(form(editor),
                MetadataRuleBuilder.MEANING)).getText());
        assertTrue(meaning.startsWith("Eligible machines have (region=eu OR region=us) AND disk=ssd."), meaning);
    }

    @Test
    @Order(3)
    void aFileOpenedFromDiskIsSubmittedFromTheEditor() throws Exception {
        String text = "# an API unit kept in a file\n[Unit]\nDescription=API\n\n[Service]\nExecStart=/bin/sleep 600\n";
        Path file = files.resolve("api.service");
        Files.writeString(file, text);
        UnitEditor editor = workbench.onUi(() -> UnitEditors.openFile(page(), file));
        workbench.onUi(() -> {
            editor.submit();
            return null;
        });
        Optional<FleetUnit> unit = Ui.await(workbench, "api.service in the cluster", WAIT,
                () -> unit("api.service"), Optional::isPresent);
        assertEquals(ClusterAccess.options(text), unit.get().options());
        assertEquals("Submitted api.service to the cluster (inactive).",
                Ui.await(workbench, "the editor's answer", WAIT, editor::lastMessage, m -> !m.isEmpty()));
    }

    @Test
    @Order(4)
    void problemsOfABadFileAreMarkedAtTheirLineAndColumnAndNothingIsSubmitted() throws Exception {
        Path file = files.resolve("broken.service");
        Files.write(file, Fixtures.unit("broken.service"));
        UnitEditor editor = workbench.onUi(() -> UnitEditors.openFile(page(), file));
        maximize(editor);
        List<String> marked = workbench.onUi(() -> {
            editor.showSource();
            IDocument doc = editor.model().document();
            List<String> out = new ArrayList<>();
            for (ProblemAnnotations.Problem p : editor.sourcePage().annotations().problems()) {
                org.eclipse.jface.text.Position at = editor.sourcePage().annotations().model().getPosition(p);
                int line = doc.getLineOfOffset(at.getOffset());
                int column = at.getOffset() - doc.getLineOffset(line) + 1;
                Diagnostic d = p.diagnostic();
                assertEquals(d.line(), line + 1, d.format());
                assertEquals(d.column(), column, d.format());
                out.add((line + 1) + ":" + column + " " + d.key());
            }
            return out;
        });
        assertTrue(marked.contains("5:6 Type"), marked.toString());
        assertTrue(marked.contains("6:11 ExecStart"), marked.toString());
        assertTrue(marked.stream().anyMatch(m -> m.startsWith("7:") && m.endsWith(" RestartSec")), marked.toString());
        List<String> rows = workbench.onUi(() -> {
            List<String> out = new ArrayList<>();
            for (TableItem i : Ui.find(shell(), UnitSourcePage.PROBLEMS, Table.class).getItems()) {
                out.add(i.getText(1) + ":" + i.getText(2) + " " + i.getText(3));
            }
            return out;
        });
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("5:6 [Service] Type: ")), rows.toString());
        // colouring: the header bold, a known key in the key colour, an unknown value left plain
        workbench.onUi(() -> {
            StyledText text = viewer(editor);
            String all = text.getText();
            StyleRange header = text.getStyleRangeAtOffset(all.indexOf("[Service]"));
            assertEquals(SWT.BOLD, header.fontStyle & SWT.BOLD);
            StyleRange key = text.getStyleRangeAtOffset(all.indexOf("ExecStart"));
            StyleRange value = text.getStyleRangeAtOffset(all.indexOf("relative/path"));
            assertNotEquals(key.foreground.getRGB(), value.foreground.getRGB());
            return null;
        });
        String hover = workbench.onUi(() -> editor.sourcePage().hoverAt(
                editor.model().document().get().indexOf("soon") + 1));
        assertTrue(hover.startsWith("line 7, column 12: [Service] RestartSec: invalid time span \"soon\""), hover);
        assertEquals(null, workbench.onUi(() -> editor.sourcePage().hoverAt(1)), "no problem on line 1");
        workbench.onUi(() -> Ui.screenshot(shell(), "unit-editor-problems"));
        assertEquals(IMessageProvider.ERROR, workbench.onUi(() -> form(editor).getMessageType()));
        workbench.onUi(() -> {
            editor.submit();
            return null;
        });
        String message = Ui.await(workbench, "the refusal", WAIT, editor::lastMessage, m -> !m.isEmpty());
        assertTrue(message.startsWith("Not submitted: broken.service has "), message);
        assertTrue(unit("broken.service").isEmpty(), "a unit with errors is not sent");
    }

    @Test
    @Order(5)
    void thePlacementPreviewSaysWhereTheUnitWouldGoAndWhyNotElsewhere() throws Exception {
        fleet.submit("anchor.service", List.of(new FleetUnitOption("ExecStart", "Service", "/bin/sleep 600")),
                "launched", false);
        String anchorOn = Ui.await(workbench, "anchor.service placed", WAIT,
                () -> unit("anchor.service").map(FleetUnit::machineID).orElse(null), m -> m != null && !m.isEmpty());
        Path file = files.resolve("near.service");
        Files.writeString(file, "[Service]\nExecStart=/bin/sleep 600\n\n[X-Fleet]\nConflicts=anchor.service\n");
        UnitEditor editor = workbench.onUi(() -> UnitEditors.openFile(page(), file));
        maximize(editor);
        workbench.onUi(() -> {
            editor.formPage().previewPlacement();
            return null;
        });
        String summary = Ui.await(workbench, "the placement preview", WAIT, () -> editor.formPage().previewSummary(),
                s -> s.startsWith("Would") || s.startsWith("Cannot"));
        assertTrue(summary.startsWith("Would go to "), summary);
        assertFalse(summary.startsWith("Would go to " + anchorOn + " "), summary);
        List<String> rows = workbench.onUi(() -> {
            List<String> out = new ArrayList<>();
            for (TableItem i : Ui.find(shell(), UnitFormPage.PREVIEW_TABLE, Table.class).getItems()) {
                out.add(i.getText(0) + " | " + i.getText(1) + " | " + i.getText(3));
            }
            return out;
        });
        assertEquals(3, rows.size(), rows.toString());
        assertTrue(rows.get(0).endsWith(" | chosen | "), "the chosen machine comes first: " + rows);
        assertTrue(summary.startsWith("Would go to " + rows.get(0).substring(0, rows.get(0).indexOf(' ')) + " now"),
                summary + " vs " + rows);
        assertTrue(rows.contains(anchorOn + " | no | Conflicts=anchor.service: machine runs anchor.service"),
                rows.toString());
        workbench.onUi(() -> Ui.screenshot(shell(), "unit-editor-placement"));
        assertTrue(unit("near.service").isEmpty(), "previewing submits nothing");

        // a metadata rule no machine meets, built in the form: written to the source, and nowhere to go
        String source = workbench.onUi(() -> {
            editor.formPage().metadataBuilder().set(java.util.Map.of("region", List.of("mars", "venus")));
            return editor.model().document().get();
        });
        assertTrue(source.endsWith("Conflicts=anchor.service\nMachineMetadata=region=mars\n"
                + "MachineMetadata=region=venus\n"), source);
        String meaning = workbench.onUi(() -> ((org.eclipse.swt.widgets.Label) Widgets.find(form(editor),
                MetadataRuleBuilder.MEANING)).getText());
        assertTrue(meaning.startsWith("Eligible machines have (region=mars OR region=venus)."), meaning);
        // the preview follows the edit by itself
        String nowhere = Ui.await(workbench, "the preview to follow the edit", WAIT,
                () -> editor.formPage().previewSummary(), s -> s.startsWith("Would not") || s.startsWith("Cannot"));
        assertTrue(nowhere.startsWith("Would not be placed: no eligible machine: MachineMetadata"), nowhere);
        workbench.onUi(() -> Ui.screenshot(shell(), "unit-editor-placement-nowhere"));
    }

    // ------------------------------------------------------------------------------------------- helpers

    static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    static Shell shell() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
    }

    static org.eclipse.ui.forms.widgets.ScrolledForm form(UnitEditor editor) {
        return editor.formPage().getManagedForm().getForm();
    }

    static <T extends Control> T field(UnitEditor editor, String section, String key, Class<T> type) {
        return type.cast(Widgets.find(form(editor), UnitFormPage.fieldId(section, key)));
    }

    static StyledText viewer(UnitEditor editor) {
        return editor.sourcePage().viewer().getTextWidget();
    }

    static Optional<FleetUnit> unit(String name) {
        try {
            return fleet.unit(name);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static String description(String name) {
        return unit(name).flatMap(u -> u.options().stream()
                .filter(o -> "Unit".equals(o.section()) && "Description".equals(o.name()))
                .map(FleetUnitOption::value).findFirst()).orElse(null);
    }
}
