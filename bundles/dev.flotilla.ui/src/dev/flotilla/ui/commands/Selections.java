package dev.flotilla.ui.commands;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.handlers.HandlerUtil;

import dev.flotilla.ui.units.UnitRow;

/** The unit names a command acts on: the selected rows of the Units view. */
final class Selections {

    private Selections() {
    }

    static List<String> unitNames(ExecutionEvent event) {
        ISelection s = HandlerUtil.getCurrentSelection(event);
        List<String> names = new ArrayList<>();
        if (s instanceof IStructuredSelection structured) {
            for (Object o : structured) {
                if (o instanceof UnitRow row) {
                    names.add(row.unit());
                }
            }
        }
        return names;
    }
}
