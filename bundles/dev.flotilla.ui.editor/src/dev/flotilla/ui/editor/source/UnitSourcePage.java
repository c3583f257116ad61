package dev.flotilla.ui.editor.source;

import java.util.List;
import java.util.function.Supplier;

import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.TextViewerUndoManager;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.AnnotationPainter;
import org.eclipse.jface.text.source.AnnotationRulerColumn;
import org.eclipse.jface.text.source.CompositeRuler;
import org.eclipse.jface.text.source.IAnnotationAccess;
import org.eclipse.jface.text.source.IAnnotationAccessExtension;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.jface.text.source.LineNumberRulerColumn;
import org.eclipse.jface.text.source.SourceViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;

import dev.flotilla.core.unit.Diagnostic;
import dev.flotilla.ui.editor.model.UnitDocument;
import dev.flotilla.ui.support.Widgets;

/**
 * The source page: the unit file's text in a source viewer (line numbers, problem icons in the ruler, squiggles
 * under the problem spans, hovers, Ctrl+Space content assist, undo) above the list of the model's problems with
 * their line and column; double-clicking a problem selects its place.
 */
public final class UnitSourcePage {

    public static final String VIEWER = "dev.flotilla.ui.editor.source.viewer";
    public static final String PROBLEMS = "dev.flotilla.ui.editor.source.problems";

    private final UnitDocument model;
    private final ProblemAnnotations annotations = new ProblemAnnotations();
    private final Supplier<UnitCompletions.ClusterFacts> cluster;
    private SourceViewer viewer;
    private UnitSourceViewerConfiguration configuration;
    private Table problems;
    private final Runnable onChange = this::refreshProblems;

    public UnitSourcePage(UnitDocument model, Supplier<UnitCompletions.ClusterFacts> cluster) {
        this.model = model;
        this.cluster = cluster;
    }

    public Control create(Composite parent) {
        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        Composite top = new Composite(sash, SWT.NONE);
        top.setLayout(new FillLayout());
        IAnnotationAccess access = new Access();
        CompositeRuler ruler = new CompositeRuler();
        AnnotationRulerColumn icons = new AnnotationRulerColumn(16, access);
        icons.addAnnotationType(ProblemAnnotations.ERROR);
        icons.addAnnotationType(ProblemAnnotations.WARNING);
        ruler.addDecorator(0, icons);
        ruler.addDecorator(1, new LineNumberRulerColumn());
        viewer = new SourceViewer(top, ruler, SWT.V_SCROLL | SWT.H_SCROLL | SWT.MULTI | SWT.BORDER);
        configuration = new UnitSourceViewerConfiguration(parent.getDisplay(), cluster);
        viewer.configure(configuration);
        viewer.getTextWidget().setFont(org.eclipse.jface.resource.JFaceResources.getTextFont());
        Widgets.id(viewer.getTextWidget(), VIEWER);
        TextViewerUndoManager undo = new TextViewerUndoManager(200);
        viewer.setUndoManager(undo);
        undo.connect(viewer);
        viewer.setDocument(model.document(), annotations.model());

        AnnotationPainter painter = new AnnotationPainter(viewer, access);
        painter.addAnnotationType(ProblemAnnotations.ERROR);
        painter.addAnnotationType(ProblemAnnotations.WARNING);
        painter.setAnnotationTypeColor(ProblemAnnotations.ERROR, new Color(parent.getDisplay(), new RGB(0xe0, 0, 0)));
        painter.setAnnotationTypeColor(ProblemAnnotations.WARNING,
                new Color(parent.getDisplay(), new RGB(0xf0, 0xa0, 0)));
        viewer.addPainter(painter);

        viewer.getTextWidget().addVerifyKeyListener(e -> {
            int op = -1;
            if ((e.stateMask & SWT.MOD1) != 0 && e.character == ' ') {
                op = ISourceViewer.CONTENTASSIST_PROPOSALS;
            } else if ((e.stateMask & SWT.MOD1) != 0 && (e.stateMask & SWT.SHIFT) == 0 && e.keyCode == 'z') {
                op = ITextOperationTarget.UNDO;
            } else if ((e.stateMask & SWT.MOD1) != 0 && (e.keyCode == 'y'
                    || ((e.stateMask & SWT.SHIFT) != 0 && e.keyCode == 'z'))) {
                op = ITextOperationTarget.REDO;
            }
            if (op >= 0 && viewer.canDoOperation(op)) {
                viewer.doOperation(op);
                e.doit = false;
            }
        });

        problems = new Table(sash, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER);
        Widgets.id(problems, PROBLEMS);
        problems.setHeaderVisible(true);
        column(problems, "", 24);
        column(problems, "Line", 50);
        column(problems, "Column", 60);
        column(problems, "Problem", 800);
        problems.addListener(SWT.DefaultSelection, e -> {
            if (e.item instanceof TableItem item && item.getData() instanceof Diagnostic d) {
                reveal(d);
            }
        });
        sash.setWeights(80, 20);

        model.addListener(onChange);
        sash.addDisposeListener(e -> model.removeListener(onChange));
        refreshProblems();
        return sash;
    }

    /** Selects the place a diagnostic points at and shows it. */
    public void reveal(Diagnostic d) {
        Position p = ProblemAnnotations.position(model.document(), d);
        viewer.setSelectedRange(p.getOffset(), p.getLength());
        viewer.revealRange(p.getOffset(), p.getLength());
        viewer.getTextWidget().setFocus();
    }

    public SourceViewer viewer() {
        return viewer;
    }

    /** What hovering at {@code offset} shows, or null. */
    public String hoverAt(int offset) {
        return configuration.getTextHover(viewer, org.eclipse.jface.text.IDocument.DEFAULT_CONTENT_TYPE)
                .getHoverInfo(viewer, new org.eclipse.jface.text.Region(offset, 0));
    }

    public ProblemAnnotations annotations() {
        return annotations;
    }

    private void refreshProblems() {
        List<Diagnostic> ds = model.diagnostics();
        annotations.update(model.document(), ds);
        if (problems == null || problems.isDisposed()) {
            return;
        }
        problems.setRedraw(false);
        try {
            problems.removeAll();
            ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
            for (Diagnostic d : ds) {
                TableItem item = new TableItem(problems, SWT.NONE);
                item.setData(d);
                item.setImage(0, images.getImage(d.isError() ? ISharedImages.IMG_OBJS_ERROR_TSK
                        : ISharedImages.IMG_OBJS_WARN_TSK));
                item.setText(1, Integer.toString(d.line()));
                item.setText(2, Integer.toString(d.column()));
                String where = d.section() != null && d.key() != null ? "[" + d.section() + "] " + d.key() + ": "
                        : "";
                item.setText(3, where + d.message());
            }
        } finally {
            problems.setRedraw(true);
        }
    }

    private static void column(Table table, String title, int width) {
        TableColumn c = new TableColumn(table, SWT.LEFT);
        c.setText(title);
        c.setWidth(width);
    }

    /** Error and warning icons for the ruler, from the workbench's shared images. */
    private static final class Access implements IAnnotationAccess, IAnnotationAccessExtension {
        @Override
        public Object getType(Annotation annotation) {
            return annotation.getType();
        }

        @Override
        public boolean isMultiLine(Annotation annotation) {
            return false;
        }

        @Override
        public boolean isTemporary(Annotation annotation) {
            return true;
        }

        @Override
        public String getTypeLabel(Annotation annotation) {
            return ProblemAnnotations.ERROR.equals(annotation.getType()) ? "Error" : "Warning";
        }

        @Override
        public int getLayer(Annotation annotation) {
            return ProblemAnnotations.ERROR.equals(annotation.getType()) ? 2 : 1;
        }

        @Override
        public void paint(Annotation annotation, GC gc, Canvas canvas, Rectangle bounds) {
            Image image = PlatformUI.getWorkbench().getSharedImages().getImage(
                    ProblemAnnotations.ERROR.equals(annotation.getType()) ? ISharedImages.IMG_OBJS_ERROR_TSK
                            : ISharedImages.IMG_OBJS_WARN_TSK);
            Rectangle r = image.getBounds();
            gc.drawImage(image, bounds.x + Math.max(0, (bounds.width - r.width) / 2),
                    bounds.y + Math.max(0, (bounds.height - r.height) / 2));
        }

        @Override
        public boolean isPaintable(Annotation annotation) {
            return true;
        }

        @Override
        public boolean isSubtype(Object annotationType, Object potentialSupertype) {
            return annotationType.equals(potentialSupertype);
        }

        @Override
        public Object[] getSupertypes(Object annotationType) {
            return new Object[0];
        }
    }
}
