package io.codexlb.domain.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The weight tree agrees with a plain sorted list through any inserts, deletes and updates. */
class WeightTreeProperties {

  /** Insert or move (kind 0), delete (1) or reweigh (2) node {@code node}. */
  record Op(int kind, int node, long key, long weight) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 40),
            Arbitraries.longs().between(-5, 5),
            Arbitraries.longs().between(0, 1_000).edgeCases(e -> e.add(0L)))
        .as(Op::new)
        .list()
        .ofMaxSize(200);
  }

  @Property
  void sumsAndSelectionMatchASortedList(@ForAll("ops") List<Op> ops) {
    WeightTree tree = new WeightTree();
    tree.ensureCapacity(41);
    Map<Integer, long[]> model = new HashMap<>();
    for (Op op : ops) {
      boolean present = model.containsKey(op.node());
      if (op.kind() == 0) {
        if (present) {
          tree.delete(op.node());
        }
        tree.insert(op.node(), op.key(), op.weight());
        model.put(op.node(), new long[] {op.key(), op.weight()});
      } else if (op.kind() == 1 && present) {
        tree.delete(op.node());
        model.remove(op.node());
      } else if (op.kind() == 2 && present) {
        tree.setWeight(op.node(), op.weight());
        model.get(op.node())[1] = op.weight();
      }
      check(tree, model);
    }
  }

  private static void check(WeightTree tree, Map<Integer, long[]> model) {
    List<Integer> order = new ArrayList<>(model.keySet());
    order.sort(
        Comparator.<Integer>comparingLong(node -> model.get(node)[0])
            .thenComparingInt(node -> node));
    long total = 0;
    for (int node : order) {
      total += model.get(node)[1];
    }
    assertThat(tree.total()).isEqualTo(total);
    for (long limit = -6; limit <= 6; limit++) {
      long below = 0;
      for (int node : order) {
        below += model.get(node)[0] < limit ? model.get(node)[1] : 0;
      }
      assertThat(tree.weightBelow(limit)).isEqualTo(below);
    }
    long start = 0;
    for (int node : order) {
      long weight = model.get(node)[1];
      if (weight > 0) {
        assertThat(tree.select(start)).isEqualTo(node);
        assertThat(tree.select(start + weight - 1)).isEqualTo(node);
      }
      start += weight;
    }
  }
}
