package dev.flotilla.ui.topology;

import java.util.List;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DragSource;
import org.eclipse.swt.dnd.DragSourceAdapter;
import org.eclipse.swt.dnd.DragSourceEvent;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.DropTargetAdapter;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.ScrollBar;

/**
 * The topology drawn on a Canvas: scroll bars, zoom (Ctrl+wheel, {@link #zoomBy}, {@link #fit}), unit selection by
 * click, tooltips, and SWT drag and drop of a unit figure onto a machine box. The drag carries the unit's name as
 * text ({@value #PREFIX}name); the drop hands the unit and the machine under the cursor to the {@link Mover}. UI
 * thread only.
 */
public final class TopologyCanvas extends Canvas {

    /** What a drag carries before the unit name, so text dropped from elsewhere is not taken for a unit. */
    public static final String PREFIX = "flotilla-unit:";
    static final double MIN_ZOOM = 0.05;
    static final double MAX_ZOOM = 3;

    /** What the view does with a drag. */
    public interface Mover {
        /** A drag of {@code unit} started: a chance to ask which machines its rules allow. */
        void dragStarted(String unit);

        /** {@code unit} was dropped on machine {@code machineId}. */
        void move(String unit, String machineId);

        /** The drag is over, dropped or not. */
        void dragEnded();

        /** The pointer is over {@code machineId} (or null) during a drag. */
        void dragOver(String machineId);
    }

    private TopologyLayout layout = new TopologyLayout(TopologyModel.EMPTY);
    private double zoom = 1;
    private boolean fitted = true;
    private String selectedUnit;
    private String draggedUnit;
    private String dropMachine;
    private Map<String, String> refusals = Map.of();
    private Mover mover;
    private long lastPaintNanos;
    private final Font smallFont;

    public TopologyCanvas(Composite parent) {
        super(parent, SWT.H_SCROLL | SWT.V_SCROLL | SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        setBackground(getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        FontData[] fd = getFont().getFontData();
        for (FontData f : fd) {
            f.setHeight(Math.max(5, f.getHeight() * 6 / 10));
        }
        smallFont = new Font(getDisplay(), fd);
        addListener(SWT.Dispose, e -> smallFont.dispose());
        addListener(SWT.Paint, this::paint);
        addListener(SWT.Resize, e -> {
            if (fitted) {
                fit();
            } else {
                updateScrollBars();
            }
        });
        getHorizontalBar().addListener(SWT.Selection, e -> redraw());
        getVerticalBar().addListener(SWT.Selection, e -> redraw());
        addListener(SWT.MouseWheel, this::wheel);
        addListener(SWT.MouseDown, e -> {
            if (e.button == 1 || e.button == 3) { // the context menu acts on the figure under the pointer
                TopologyLayout.Figure f = figureAt(e.x, e.y);
                select(f == null ? null : f.unit().name());
            }
        });
        addListener(SWT.MouseMove, e -> setToolTipText(tooltip(e.x, e.y)));
        installDragAndDrop();
    }

    public void setMover(Mover mover) {
        this.mover = mover;
    }

    /** Shows a new layout, keeping zoom and scroll position (or fitting, when the user has not zoomed). */
    public void show(TopologyLayout next) {
        layout = next;
        if (getToolTipText() != null) { // the pointer rests on something whose state may just have changed
            Point p = toControl(getDisplay().getCursorLocation());
            setToolTipText(tooltip(p.x, p.y));
        }
        if (fitted) {
            fit();
        } else {
            updateScrollBars();
            redraw();
        }
    }

    public TopologyLayout topology() {
        return layout;
    }

    public double zoom() {
        return zoom;
    }

    public String selectedUnit() {
        return selectedUnit;
    }

    public void select(String unit) {
        boolean changed = unit == null ? selectedUnit != null : !unit.equals(selectedUnit);
        selectedUnit = unit;
        redraw();
        if (changed) {
            notifyListeners(SWT.Selection, new Event());
        }
    }

    /** The selected unit's figure (on its first machine), or null. */
    public TopologyLayout.Figure selectedFigure() {
        List<TopologyLayout.Figure> f = selectedUnit == null ? List.of() : layout.figures(selectedUnit);
        return f.isEmpty() ? null : f.get(0);
    }

    /** The machines the dragged unit's rules exclude, with the reason, tinted while dragging. */
    public void showRefusals(Map<String, String> refusalsByMachine) {
        refusals = Map.copyOf(refusalsByMachine);
        redraw();
    }

    /** The machines tinted as excluded for the dragged unit, with the reason (empty when not dragging). */
    public Map<String, String> refusals() {
        return refusals;
    }

    /** How long the last paint took (nanoseconds): the 200-machine figure the benchmark prints. */
    public long lastPaintNanos() {
        return lastPaintNanos;
    }

    /** Zooms so the whole cluster fits the view; follows resizes and changes until the user zooms. */
    public void fit() {
        Rectangle area = getClientArea();
        if (area.width <= 0 || area.height <= 0) {
            return;
        }
        double z = Math.min(area.width / (double) layout.width(), area.height / (double) layout.height());
        setZoom(Math.min(1, z), null);
        fitted = true;
    }

    /** Multiplies the zoom by {@code factor}, keeping {@code anchor} (canvas coordinates, null: the centre) still. */
    public void zoomBy(double factor, Point anchor) {
        setZoom(zoom * factor, anchor);
        fitted = false;
    }

    private void setZoom(double z, Point anchor) {
        Rectangle area = getClientArea();
        Point a = anchor != null ? anchor : new Point(area.width / 2, area.height / 2);
        double mx = (a.x + originX()) / zoom;
        double my = (a.y + originY()) / zoom;
        zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z));
        updateScrollBars();
        getHorizontalBar().setSelection((int) Math.round(mx * zoom) - a.x);
        getVerticalBar().setSelection((int) Math.round(my * zoom) - a.y);
        redraw();
    }

    /** Scrolls so the unit's figure (its first, for a Global unit) is in view, and selects it. */
    public void reveal(String unit, String machineId) {
        for (TopologyLayout.Figure f : layout.figures(unit)) {
            if (machineId == null || f.unit().machineId().equals(machineId)) {
                Rectangle r = TopologyPainter.device(f.bounds(), zoom, originX(), originY());
                Rectangle area = getClientArea();
                if (!area.contains(r.x, r.y) || !area.contains(r.x + r.width - 1, r.y + r.height - 1)) {
                    getHorizontalBar().setSelection(originX() + r.x - area.width / 2);
                    getVerticalBar().setSelection(originY() + r.y - area.height / 2);
                }
                select(unit);
                return;
            }
        }
    }

    /** The centre of a unit's figure on {@code machineId} (null: its first), in display coordinates; or null. */
    public Point unitCentre(String unit, String machineId) {
        for (TopologyLayout.Figure f : layout.figures(unit)) {
            if (machineId == null || f.unit().machineId().equals(machineId)) {
                return centre(f.bounds());
            }
        }
        return null;
    }

    /** The centre of a machine's box in display coordinates, or null. */
    public Point machineCentre(String machineId) {
        TopologyLayout.Box b = layout.box(machineId);
        return b == null ? null : centre(b.bounds());
    }

    private Point centre(int[] bounds) {
        Rectangle r = TopologyPainter.device(bounds, zoom, originX(), originY());
        return toDisplay(r.x + r.width / 2, r.y + r.height / 2);
    }

    /** The figure under canvas point (x, y), or null. */
    public TopologyLayout.Figure figureAt(int x, int y) {
        return layout.figureAt((x + originX()) / zoom, (y + originY()) / zoom);
    }

    /** The machine box under canvas point (x, y), or null. */
    public TopologyLayout.Box boxAt(int x, int y) {
        return layout.boxAt((x + originX()) / zoom, (y + originY()) / zoom);
    }

    // ------------------------------------------------------------------ drag and drop

    private void installDragAndDrop() {
        Transfer[] types = {TextTransfer.getInstance()};
        DragSource source = new DragSource(this, DND.DROP_MOVE);
        source.setTransfer(types);
        source.addDragListener(new DragSourceAdapter() {
            @Override
            public void dragStart(DragSourceEvent e) {
                TopologyLayout.Figure f = figureAt(e.x, e.y);
                e.doit = f != null;
                if (f != null) {
                    draggedUnit = f.unit().name();
                    select(draggedUnit);
                    if (mover != null) {
                        mover.dragStarted(draggedUnit);
                    }
                }
            }

            @Override
            public void dragSetData(DragSourceEvent e) {
                e.data = PREFIX + draggedUnit;
            }

            @Override
            public void dragFinished(DragSourceEvent e) {
                endDrag();
            }
        });
        DropTarget target = new DropTarget(this, DND.DROP_MOVE | DND.DROP_DEFAULT);
        target.setTransfer(types);
        target.addDropListener(new DropTargetAdapter() {
            @Override
            public void dragEnter(DropTargetEvent e) {
                if (e.detail == DND.DROP_DEFAULT) {
                    e.detail = DND.DROP_MOVE;
                }
            }

            @Override
            public void dragOver(DropTargetEvent e) {
                String machine = machineAtDisplay(e.x, e.y);
                e.detail = machine == null ? DND.DROP_NONE : DND.DROP_MOVE;
                e.feedback = DND.FEEDBACK_NONE;
                hover(machine);
            }

            @Override
            public void dragLeave(DropTargetEvent e) {
                hover(null);
            }

            @Override
            public void drop(DropTargetEvent e) {
                dropAt(e.data instanceof String s ? s : null, e.x, e.y);
            }
        });
    }

    /**
     * The drop: {@code data} as a drag from this canvas carries it, at display point (x, y). What the
     * {@link DropTarget}'s listener calls; true when it named a unit and a machine and went to the {@link Mover}.
     */
    public boolean dropAt(String data, int x, int y) {
        String machine = machineAtDisplay(x, y);
        endDrag();
        if (data == null || !data.startsWith(PREFIX) || machine == null || mover == null) {
            return false;
        }
        mover.move(data.substring(PREFIX.length()), machine);
        return true;
    }

    private String machineAtDisplay(int x, int y) {
        Point p = toControl(x, y);
        TopologyLayout.Box b = boxAt(p.x, p.y);
        return b == null ? null : b.machine().id();
    }

    private void hover(String machine) {
        if (machine == null ? dropMachine != null : !machine.equals(dropMachine)) {
            dropMachine = machine;
            if (mover != null) {
                mover.dragOver(machine);
            }
            redraw();
        }
    }

    private void endDrag() {
        boolean was = draggedUnit != null || dropMachine != null || !refusals.isEmpty();
        draggedUnit = null;
        dropMachine = null;
        refusals = Map.of();
        if (was) {
            if (mover != null) {
                mover.dragEnded();
            }
            redraw();
        }
    }

    // ------------------------------------------------------------------ painting, scrolling

    private void paint(Event e) {
        long t0 = System.nanoTime();
        e.gc.setBackground(getBackground());
        e.gc.fillRectangle(e.x, e.y, e.width, e.height);
        Rectangle clip = new Rectangle(e.x, e.y, e.width, e.height);
        TopologyPainter.paint(e.gc, layout, zoom, originX(), originY(), clip,
                new TopologyPainter.Decorations(selectedUnit, dropMachine, refusals), smallFont);
        if (layout.boxes().isEmpty()) {
            e.gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
            e.gc.drawString("No machines (not connected, or the cluster has none yet)", 12, 12, true);
        }
        lastPaintNanos = System.nanoTime() - t0;
    }

    private void wheel(Event e) {
        if ((e.stateMask & SWT.MOD1) != 0) {
            zoomBy(e.count > 0 ? 1.15 : 1 / 1.15, new Point(e.x, e.y));
            e.doit = false;
        }
    }

    private void updateScrollBars() {
        Rectangle area = getClientArea();
        ScrollBar h = getHorizontalBar();
        ScrollBar v = getVerticalBar();
        int w = (int) Math.ceil(layout.width() * zoom);
        int ht = (int) Math.ceil(layout.height() * zoom);
        h.setValues(Math.min(h.getSelection(), Math.max(0, w - area.width)), 0, Math.max(w, 1),
                Math.max(1, Math.min(area.width, w)), 20, Math.max(1, area.width - 20));
        v.setValues(Math.min(v.getSelection(), Math.max(0, ht - area.height)), 0, Math.max(ht, 1),
                Math.max(1, Math.min(area.height, ht)), 20, Math.max(1, area.height - 20));
    }

    private int originX() {
        return getHorizontalBar().getSelection();
    }

    private int originY() {
        return getVerticalBar().getSelection();
    }

    private String tooltip(int x, int y) {
        TopologyLayout.Figure f = figureAt(x, y);
        if (f != null) {
            TopologyModel.Unit u = f.unit();
            StringBuilder b = new StringBuilder(u.name()).append("\n").append(u.state().name().toLowerCase())
                    .append(" (").append(u.detail()).append(")");
            if (u.global()) {
                b.append("\nGlobal: runs on every machine");
            }
            if (u.machineIdRule() != null) {
                b.append("\nMachineID=").append(u.machineIdRule());
            }
            if (!u.conflicts().isEmpty()) {
                b.append("\nConflicts=").append(String.join(" ", u.conflicts()));
            }
            if (!u.machineOf().isEmpty()) {
                b.append("\nMachineOf=").append(String.join(" ", u.machineOf()));
            }
            return b.append("\nDrag onto another machine to move it there").toString();
        }
        TopologyLayout.Box box = boxAt(x, y);
        if (box != null) {
            TopologyModel.Machine m = box.machine();
            String refusal = refusals.get(m.id());
            return m.id() + "\n" + m.ip() + (m.leader() ? "\nengine leader" : "") + (m.metadata().isEmpty() ? ""
                    : "\n" + m.metadata()) + (refusal == null ? "" : "\n" + refusal);
        }
        return null;
    }
}
