package dev.flotilla.node.engine;

import java.util.*;

/** Prints how fast the placer alone decides 10,000 units on 200 machines (no store involved). */
public final class PlacementScaleProbe {
    public static void main(String[] args) {
        for (int round = 0; round < 3; round++) {
            ClusterModel model = new ClusterModel();
            Placer placer = new Placer(model);
            Random rnd = new Random(42);
            for (int i = 0; i < 200; i++) {
                model.putMachine(new MachineView(String.format("m%03d", i), Map.of("zone", "z" + (i % 4), "disk", i % 3 == 0 ? "hdd" : "ssd")));
            }
            List<UnitRecord> units = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                int kind = rnd.nextInt(10);
                PlacementRules r;
                String name;
                if (kind < 3) { int app = rnd.nextInt(100); name = "app" + app + "@" + i + ".service";
                    r = new PlacementRules(null, List.of(), Map.of(), List.of(Glob.compile("app" + app + "@*.service")), List.of(), false); }
                else if (kind < 5) { name = "md" + i + ".service";
                    r = new PlacementRules(null, List.of(), Map.of("zone", Set.of("z1", "z2"), "disk", Set.of("ssd")), List.of(), List.of(), false); }
                else if (kind < 6 && !units.isEmpty()) { name = "side" + i + ".service";
                    r = new PlacementRules(null, List.of(units.get(rnd.nextInt(units.size())).name()), Map.of(), List.of(), List.of(), false); }
                else { name = "plain" + i + ".service"; r = PlacementRules.NONE; }
                units.add(model.putUnit(new UnitRecord(name, r)));
            }
            long t0 = System.nanoTime();
            int placed = 0;
            for (UnitRecord u : units) { placer.place(u); if (!u.targets().isEmpty()) placed++; }
            long t1 = System.nanoTime();
            System.out.printf("placed %d/%d in %.1f ms (%.0f decisions/s)%n", placed, units.size(), (t1 - t0) / 1e6, units.size() / ((t1 - t0) / 1e9));
            t0 = System.nanoTime();
            List<UnitRecord> orphans = new ArrayList<>();
            for (int i = 0; i < 20; i++) orphans.addAll(model.removeMachine(String.format("m%03d", i * 10)));
            for (UnitRecord u : orphans) placer.place(u);
            t1 = System.nanoTime();
            System.out.printf("rescheduled %d orphans after 20 machines vanished in %.1f ms%n", orphans.size(), (t1 - t0) / 1e6);
        }
    }
}
