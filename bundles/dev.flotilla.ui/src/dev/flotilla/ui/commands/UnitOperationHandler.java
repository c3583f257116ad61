package dev.flotilla.ui.commands;

import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;

import dev.flotilla.ui.units.UnitActions;
import dev.flotilla.ui.units.UnitOperation;

/** Start, stop, load, unload, restart or destroy (by the command's id) the selected units. */
public final class UnitOperationHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        List<String> units = Selections.unitNames(event);
        UnitOperation op = UnitOperation.ofCommand(event.getCommand().getId());
        UnitActions.run(HandlerUtil.getActiveShell(event), op, units);
        return null;
    }
}
