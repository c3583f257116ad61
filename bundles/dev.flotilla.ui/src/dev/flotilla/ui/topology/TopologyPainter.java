package dev.flotilla.ui.topology;

import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;

/**
 * Draws a {@link TopologyLayout} with plain GC calls at a zoom and scroll origin, only what meets the clip: boxes,
 * unit figures coloured by state, rule lines, and the drag feedback (target machine, machines the dragged unit's
 * rules exclude). Below 60 % zoom the unit names are left out and machine names are written small, below 25 % they
 * are left out too (they would be unreadable, and the many short text calls are what costs most at 200 machines).
 * Unit marks: [G] a Global unit (also drawn dotted), [ID] a unit with MachineID=.
 */
public final class TopologyPainter {

    static final Color BOX = new Color(248, 249, 251);
    static final Color BOX_LINE = new Color(120, 130, 145);
    static final Color LEADER_LINE = new Color(40, 90, 170);
    static final Color TEXT = new Color(30, 30, 30);
    static final Color MUTED = new Color(100, 105, 115);
    static final Color ACTIVE = new Color(120, 200, 120);
    static final Color CHANGING = new Color(240, 200, 90);
    static final Color FAILED = new Color(230, 100, 95);
    static final Color LOADED = new Color(200, 205, 212);
    static final Color PENDING = new Color(150, 185, 235);
    static final Color CONFLICT = new Color(200, 40, 40);
    static final Color MACHINE_OF = new Color(40, 90, 200);
    static final Color SELECTED = new Color(20, 20, 20);
    static final Color DROP_OK = new Color(225, 245, 225);
    static final Color DROP_REFUSED = new Color(250, 225, 225);
    static final Color DROP_TARGET = new Color(30, 140, 60);

    /** What the canvas shows besides the model: selection and drag feedback. */
    public record Decorations(String selectedUnit, String dropMachine, Map<String, String> refusals) {
        public static final Decorations NONE = new Decorations(null, null, Map.of());
    }

    private TopologyPainter() {
    }

    public static Color colour(TopologyModel.State s) {
        return switch (s) {
            case ACTIVE -> ACTIVE;
            case CHANGING -> CHANGING;
            case FAILED -> FAILED;
            case LOADED -> LOADED;
            case PENDING -> PENDING;
        };
    }

    /**
     * Paints {@code layout} scaled by {@code zoom}, model point (0,0) at device (-originX, -originY); only what meets
     * {@code clip} (device coordinates).
     */
    public static void paint(GC gc, TopologyLayout layout, double zoom, int originX, int originY, Rectangle clip,
            Decorations d) {
        paint(gc, layout, zoom, originX, originY, clip, d, null);
    }

    /** As above; {@code smallFont} (may be null) writes the machine names between 25 % and 60 % zoom. */
    public static void paint(GC gc, TopologyLayout layout, double zoom, int originX, int originY, Rectangle clip,
            Decorations d, Font smallFont) {
        gc.setAntialias(SWT.OFF);
        gc.setLineWidth(1);
        Font normal = gc.getFont();
        int charWidth = (int) Math.max(1, Math.round(gc.getFontMetrics().getAverageCharacterWidth()));
        boolean unitText = zoom >= 0.6;
        boolean machineText = zoom >= 0.6 || zoom >= 0.25 && smallFont != null;
        int headerCharWidth = charWidth;
        if (!unitText && machineText) {
            gc.setFont(smallFont);
            headerCharWidth = (int) Math.max(1, Math.round(gc.getFontMetrics().getAverageCharacterWidth()));
            gc.setFont(normal);
        }
        for (TopologyLayout.Box box : layout.boxes()) {
            Rectangle r = device(box.bounds(), zoom, originX, originY);
            if (!r.intersects(clip)) {
                continue;
            }
            TopologyModel.Machine m = box.machine();
            String refusal = d.refusals().get(m.id());
            gc.setBackground(d.refusals().isEmpty() ? BOX : refusal == null ? DROP_OK : DROP_REFUSED);
            gc.fillRectangle(r);
            boolean target = m.id().equals(d.dropMachine());
            gc.setForeground(target ? DROP_TARGET : m.leader() ? LEADER_LINE : BOX_LINE);
            gc.setLineWidth(target ? 3 : m.leader() ? 2 : 1);
            gc.drawRectangle(r);
            gc.setLineWidth(1);
            if (machineText && !unitText) {
                gc.setFont(smallFont);
                gc.setForeground(TEXT);
                gc.drawString(fit(m.shortId(), r.width - 4, headerCharWidth), r.x + 2, r.y + 1, true);
                gc.setFont(normal);
            } else if (machineText) {
                gc.setForeground(TEXT);
                int inner = r.width - 8;
                gc.drawString(fit(m.shortId() + (m.leader() ? "  (engine)" : ""), inner, charWidth), r.x + 4, r.y + 3,
                        true);
                if (zoom >= 0.6) {
                    gc.setForeground(MUTED);
                    gc.drawString(fit(m.ip() + "  " + m.units().size() + " units", inner, charWidth), r.x + 4,
                            r.y + 19, true);
                }
            }
            for (TopologyLayout.Figure f : box.figures()) {
                Rectangle fr = device(f.bounds(), zoom, originX, originY);
                if (!fr.intersects(clip)) {
                    continue;
                }
                TopologyModel.Unit u = f.unit();
                gc.setBackground(colour(u.state()));
                gc.fillRectangle(fr);
                boolean selected = u.name().equals(d.selectedUnit());
                if (!unitText && !selected && !u.global()) {
                    continue; // too small for an outline to show anything: the fill is the figure
                }
                gc.setForeground(selected ? SELECTED : BOX_LINE);
                gc.setLineWidth(selected ? 2 : 1);
                if (u.global()) {
                    gc.setLineStyle(SWT.LINE_DOT); // the same unit on every machine
                }
                gc.drawRectangle(fr);
                gc.setLineStyle(SWT.LINE_SOLID);
                gc.setLineWidth(1);
                if (unitText) {
                    gc.setForeground(TEXT);
                    String marks = (u.global() ? " [G]" : "") + (u.machineIdRule() != null ? " [ID]" : "");
                    gc.drawString(fit(u.name() + marks, fr.width - 6, charWidth), fr.x + 3, fr.y + 1, true);
                }
            }
        }
        paintRules(gc, layout, zoom, originX, originY);
    }

    /** Rule lines between figure centres, over the boxes; a Global unit's lines go to its figure on each machine. */
    private static void paintRules(GC gc, TopologyLayout layout, double zoom, int originX, int originY) {
        gc.setAntialias(SWT.ON);
        for (TopologyModel.Rule rule : layout.model().rules()) {
            boolean conflict = rule.kind() == TopologyModel.Rule.Kind.CONFLICTS;
            gc.setForeground(conflict ? CONFLICT : MACHINE_OF);
            gc.setLineStyle(conflict ? SWT.LINE_DASH : SWT.LINE_SOLID);
            gc.setLineWidth(2);
            for (TopologyLayout.Figure a : layout.figures(rule.from())) {
                for (TopologyLayout.Figure b : layout.figures(rule.to())) {
                    if (a.unit().global() && b.unit().global() && !a.unit().machineId().equals(b.unit().machineId())) {
                        continue; // two Global units: only the pair on the same machine
                    }
                    Rectangle ra = device(a.bounds(), zoom, originX, originY);
                    Rectangle rb = device(b.bounds(), zoom, originX, originY);
                    int ay = ra.y + ra.height / 2;
                    int by = rb.y + rb.height / 2;
                    int ax;
                    int bx;
                    if (ra.x == rb.x) {
                        // same column: bow out to the right so the line does not hide the names
                        ax = ra.x + ra.width;
                        bx = rb.x + rb.width;
                        int bow = Math.max(ax, bx) + Math.max(4, (int) Math.round(12 * zoom));
                        gc.drawPolyline(new int[] {ax, ay, bow, ay, bow, by, bx, by});
                    } else {
                        // from the facing edges, so the line runs between the boxes, not over the names
                        boolean aLeft = ra.x < rb.x;
                        ax = aLeft ? ra.x + ra.width : ra.x;
                        bx = aLeft ? rb.x : rb.x + rb.width;
                        gc.drawLine(ax, ay, bx, by);
                    }
                    gc.setBackground(conflict ? CONFLICT : MACHINE_OF);
                    gc.fillOval(bx - 3, by - 3, 7, 7);
                }
            }
        }
        gc.setLineStyle(SWT.LINE_SOLID);
        gc.setLineWidth(1);
        gc.setAntialias(SWT.OFF);
    }

    static Rectangle device(int[] b, double zoom, int originX, int originY) {
        int x = (int) Math.round(b[0] * zoom) - originX;
        int y = (int) Math.round(b[1] * zoom) - originY;
        return new Rectangle(x, y, Math.max(1, (int) Math.round(b[2] * zoom)),
                Math.max(1, (int) Math.round(b[3] * zoom)));
    }

    /** {@code s} cut with an ellipsis to about {@code width} pixels (average character width: no text measuring). */
    static String fit(String s, int width, int charWidth) {
        int max = Math.max(0, width / charWidth);
        if (s.length() <= max) {
            return s;
        }
        return max <= 1 ? "" : s.substring(0, max - 1) + "…";
    }
}
