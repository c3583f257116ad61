package dev.flotilla.ui.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where everything goes, in model pixels (zoom 1): machine boxes in a grid about as wide as it is high (so 200
 * machines fit a screen when zoomed to fit), each box as tall as its units need. Pure arithmetic: computed off the
 * UI thread and usable without a display. Rectangles are {@code int[]{x, y, width, height}}.
 */
public final class TopologyLayout {

    public static final int BOX_WIDTH = 240;
    public static final int HEADER = 38;
    public static final int ROW = 22;
    public static final int PAD = 8;
    public static final int GAP = 28;
    public static final int MARGIN = 20;

    /** One placed machine box and the rectangles of its unit figures. */
    public record Box(TopologyModel.Machine machine, int[] bounds, List<Figure> figures) {
    }

    /** One unit figure placed inside a box. */
    public record Figure(TopologyModel.Unit unit, int[] bounds) {
    }

    private final TopologyModel model;
    private final List<Box> boxes;
    private final Map<String, Box> boxById = new HashMap<>();
    private final Map<String, List<Figure>> figuresByUnit = new HashMap<>();
    private final int width;
    private final int height;
    private final int columns;

    public TopologyLayout(TopologyModel model) {
        this.model = model;
        int n = model.machines().size();
        // a grid roughly 3:2 wide, the shape of a view in the middle of the window
        columns = Math.max(1, Math.min(n, (int) Math.ceil(Math.sqrt(n * 1.5))));
        List<Box> placed = new ArrayList<>(n);
        int y = MARGIN;
        int maxX = 0;
        for (int start = 0; start < n; start += columns) {
            int rowHeight = 0;
            List<TopologyModel.Machine> row = model.machines().subList(start, Math.min(n, start + columns));
            for (TopologyModel.Machine m : row) {
                rowHeight = Math.max(rowHeight, boxHeight(m.units().size()));
            }
            int x = MARGIN;
            for (TopologyModel.Machine m : row) {
                int[] b = {x, y, BOX_WIDTH, rowHeight};
                List<Figure> figures = new ArrayList<>(m.units().size());
                int fy = y + HEADER;
                for (TopologyModel.Unit u : m.units()) {
                    Figure f = new Figure(u, new int[] {x + PAD, fy, BOX_WIDTH - 2 * PAD, ROW - 4});
                    figures.add(f);
                    figuresByUnit.computeIfAbsent(u.name(), k -> new ArrayList<>()).add(f);
                    fy += ROW;
                }
                Box box = new Box(m, b, List.copyOf(figures));
                placed.add(box);
                boxById.put(m.id(), box);
                x += BOX_WIDTH + GAP;
            }
            maxX = Math.max(maxX, x - GAP + MARGIN);
            y += rowHeight + GAP;
        }
        boxes = List.copyOf(placed);
        width = Math.max(maxX, 2 * MARGIN);
        height = Math.max(y - GAP + MARGIN, 2 * MARGIN);
    }

    static int boxHeight(int units) {
        return HEADER + Math.max(1, units) * ROW + PAD;
    }

    public TopologyModel model() {
        return model;
    }

    public List<Box> boxes() {
        return boxes;
    }

    public Box box(String machineId) {
        return boxById.get(machineId);
    }

    /** The figures of a unit: one, or one per machine for a Global unit. */
    public List<Figure> figures(String unit) {
        return figuresByUnit.getOrDefault(unit, List.of());
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int columns() {
        return columns;
    }

    /** The box at model point (x, y), or null. */
    public Box boxAt(double x, double y) {
        for (Box b : boxes) {
            if (contains(b.bounds(), x, y)) {
                return b;
            }
        }
        return null;
    }

    /** The unit figure at model point (x, y), or null. */
    public Figure figureAt(double x, double y) {
        Box b = boxAt(x, y);
        if (b == null) {
            return null;
        }
        for (Figure f : b.figures()) {
            if (contains(f.bounds(), x, y)) {
                return f;
            }
        }
        return null;
    }

    static boolean contains(int[] r, double x, double y) {
        return x >= r[0] && y >= r[1] && x < r[0] + r[2] && y < r[1] + r[3];
    }
}
