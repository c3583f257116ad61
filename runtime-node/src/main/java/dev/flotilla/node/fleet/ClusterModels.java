package dev.flotilla.node.fleet;

import dev.flotilla.node.engine.ClusterModel;
import dev.flotilla.node.engine.MachineView;
import dev.flotilla.node.engine.Placer;
import dev.flotilla.node.engine.UnitRecord;
import dev.flotilla.node.engine.UnitRulesResolver;
import java.util.List;

/**
 * The engine's model rebuilt from a {@link ClusterSnapshot}, so the API can ask the engine's own {@link Placer} the
 * questions an operator has (explain, may this pin be honoured) on any node, without asking the engine leader.
 */
final class ClusterModels {
    final ClusterModel model = new ClusterModel();
    final Placer placer = new Placer(model);

    ClusterModels(ClusterSnapshot s, UnitRulesResolver resolver) {
        for (String id : s.machines.keySet()) model.putMachine(new MachineView(id, s.metadata(id)));
        for (ClusterSnapshot.Unit u : s.units.values()) {
            UnitRecord r = new UnitRecord(u.name(), resolver.rules(u.name(), u.file()));
            if (u.pin() != null) r.pin(u.pin());
            model.putUnit(r);
        }
        for (ClusterSnapshot.Unit u : s.units.values()) {
            if ("inactive".equals(u.desired())) continue;
            UnitRecord r = model.unit(u.name());
            List<String> on = s.placedOn(u.name());
            for (String m : r.rules().global() ? on : on.stream().limit(1).toList()) model.assign(r, m);
        }
    }

    UnitRecord unit(String name) {
        return model.unit(name);
    }
}
