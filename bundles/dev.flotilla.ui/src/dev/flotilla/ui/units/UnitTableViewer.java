package dev.flotilla.ui.units;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ILazyContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;

import dev.flotilla.ui.support.Widgets;

/**
 * The units as a virtual table: SWT asks for the rows it paints ({@link ILazyContentProvider}), nothing is
 * created per row up front, so 10,000 units cost what one screen of them costs. Clicking a header asks the
 * owner (through {@code onSort}) to order by that column; the owner computes the order off the UI thread
 * and hands the result to {@link #show(UnitTable)}. The selection survives a new table by unit name.
 */
public final class UnitTableViewer {

    private static final int[] WIDTHS = {260, 190, 80, 80, 80, 90, 80};

    private final TableViewer viewer;
    private volatile UnitTable current = UnitTable.empty();

    public UnitTableViewer(Composite parent, IntConsumer onSort) {
        viewer = new TableViewer(parent, SWT.VIRTUAL | SWT.MULTI | SWT.FULL_SELECTION | SWT.BORDER);
        Table table = viewer.getTable();
        Widgets.id(table, "units.table");
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        viewer.setUseHashlookup(true);
        viewer.setContentProvider(new Lazy());
        for (int i = 0; i < UnitRow.COLUMNS.length; i++) {
            int column = i;
            TableViewerColumn c = new TableViewerColumn(viewer, SWT.LEFT);
            c.getColumn().setText(UnitRow.COLUMNS[i]);
            c.getColumn().setWidth(WIDTHS[i]);
            c.getColumn().setMoveable(true);
            c.setLabelProvider(new ColumnLabelProvider() {
                @Override
                public String getText(Object element) {
                    return ((UnitRow) element).text(column);
                }

                @Override
                public Color getForeground(Object element) {
                    return column >= 2 && column <= 5 ? stateColour(((UnitRow) element).text(column)) : null;
                }
            });
            c.getColumn().addListener(SWT.Selection, e -> onSort.accept(column));
        }
        viewer.setInput(current);
        viewer.setItemCount(0);
    }

    /** Red for failures, green for running, grey for stopped: readable at a glance across 10,000 lines. */
    private Color stateColour(String state) {
        return switch (state) {
            case "failed" -> viewer.getTable().getDisplay().getSystemColor(SWT.COLOR_RED);
            case "launched", "active", "running" -> viewer.getTable().getDisplay().getSystemColor(SWT.COLOR_DARK_GREEN);
            case "inactive", "dead", "-" -> viewer.getTable().getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY);
            default -> null;
        };
    }

    public TableViewer viewer() {
        return viewer;
    }

    public Table table() {
        return viewer.getTable();
    }

    /** What is shown now. */
    public UnitTable current() {
        return current;
    }

    /** Shows {@code next} (computed elsewhere), keeping the selected units selected; UI thread. */
    public void show(UnitTable next) {
        Table table = viewer.getTable();
        Set<String> selected = new HashSet<>(selectedUnitNames());
        int top = table.getTopIndex();
        current = next;
        table.setRedraw(false);
        try {
            viewer.setInput(next);
            viewer.setItemCount(next.size());
            table.clearAll();
            if (!selected.isEmpty()) {
                List<Integer> indices = new ArrayList<>();
                for (int i = 0; i < next.size() && indices.size() < selected.size(); i++) {
                    if (selected.contains(next.row(i).unit())) {
                        indices.add(i);
                    }
                }
                table.setSelection(indices.stream().mapToInt(Integer::intValue).toArray());
            }
            table.setTopIndex(Math.min(top, Math.max(0, next.size() - 1)));
            TableColumn sorted = table.getColumn(next.sortColumn());
            table.setSortColumn(sorted);
            table.setSortDirection(next.ascending() ? SWT.UP : SWT.DOWN);
        } finally {
            table.setRedraw(true);
        }
    }

    /** The selected rows, by the table's indices (a virtual table may not have made their items yet). */
    public List<UnitRow> selectedRows() {
        UnitTable t = current;
        List<UnitRow> rows = new ArrayList<>();
        for (int i : viewer.getTable().getSelectionIndices()) {
            if (i < t.size()) {
                rows.add(t.row(i));
            }
        }
        return rows;
    }

    public List<String> selectedUnitNames() {
        return selectedRows().stream().map(UnitRow::unit).toList();
    }

    /** Hands SWT the row it is about to paint. */
    private final class Lazy implements ILazyContentProvider {
        private UnitTable input = UnitTable.empty();

        @Override
        public void inputChanged(Viewer v, Object oldInput, Object newInput) {
            input = newInput instanceof UnitTable t ? t : UnitTable.empty();
        }

        @Override
        public void updateElement(int index) {
            if (index < input.size()) {
                viewer.replace(input.row(index), index);
            }
        }
    }
}
