package io.codexlb.domain.routing;

import java.util.Arrays;

/**
 * An ordered multiset of nodes, each a slot number with a {@code long} key and a {@code long}
 * weight, that answers in {@code O(log n)} the total weight of the keys below a limit and which
 * node a cumulative weight falls on. {@link RoutingTable} keys accounts by their weekly reset so
 * that an earlier-reset bucket is a key range, and draws from it by weight. Weights are integers,
 * so sums stay exact however many updates add and take away. Not thread-safe; the table guards it.
 */
final class WeightTree {

  // A treap in parallel arrays: ordered by (key, node), heap-ordered by a priority hashed from the
  // node number (independent of the keys, which is all a treap's expected depth needs), each node
  // holding the weight sum of its subtree.

  private static final int NIL = -1;

  private int[] left = new int[0];
  private int[] right = new int[0];
  private long[] key = new long[0];
  private long[] weight = new long[0];
  private long[] sum = new long[0];
  private int root = NIL;
  // The two halves of the last split, returned through fields so that a split allocates nothing.
  private int splitLow;
  private int splitHigh;

  /** Makes room for nodes {@code 0 .. capacity - 1}. */
  void ensureCapacity(int capacity) {
    if (capacity <= key.length) {
      return;
    }
    int grown = Math.max(capacity, key.length * 2);
    left = Arrays.copyOf(left, grown);
    right = Arrays.copyOf(right, grown);
    key = Arrays.copyOf(key, grown);
    weight = Arrays.copyOf(weight, grown);
    sum = Arrays.copyOf(sum, grown);
  }

  long key(int node) {
    return key[node];
  }

  long weight(int node) {
    return weight[node];
  }

  /** The weight of all nodes. */
  long total() {
    return sumOf(root);
  }

  /** Adds {@code node}, which must not be in the tree. */
  void insert(int node, long nodeKey, long nodeWeight) {
    key[node] = nodeKey;
    weight[node] = nodeWeight;
    sum[node] = nodeWeight;
    left[node] = NIL;
    right[node] = NIL;
    split(root, node);
    int low = splitLow;
    int high = splitHigh;
    root = merge(merge(low, node), high);
  }

  /** Takes {@code node}, which must be in the tree, out of it. */
  void delete(int node) {
    root = remove(root, node);
  }

  /** Sets the weight of {@code node}, which must be in the tree. */
  void setWeight(int node, long newWeight) {
    long delta = newWeight - weight[node];
    if (delta == 0) {
      return;
    }
    weight[node] = newWeight;
    // A sum is plain addition, so every ancestor's sum moves by the same delta: one walk down.
    int at = root;
    while (at != node) {
      sum[at] += delta;
      at = before(node, at) ? left[at] : right[at];
    }
    sum[node] += delta;
  }

  /** The total weight of the nodes whose key is below {@code limit}. */
  long weightBelow(long limit) {
    long total = 0;
    int at = root;
    while (at != NIL) {
      if (key[at] < limit) {
        total += sumOf(left[at]) + weight[at];
        at = right[at];
      } else {
        at = left[at];
      }
    }
    return total;
  }

  /**
   * The node on which cumulative weight {@code point} falls, in key order: the first node whose
   * weight together with all before it exceeds {@code point}. Never a node of weight zero.
   *
   * @param point {@code 0 <= point < total()}
   */
  int select(long point) {
    long rest = point;
    int at = root;
    while (true) {
      long below = sumOf(left[at]);
      if (rest < below) {
        at = left[at];
      } else {
        rest -= below;
        if (rest < weight[at]) {
          return at;
        }
        rest -= weight[at];
        at = right[at];
      }
    }
  }

  private long sumOf(int node) {
    return node == NIL ? 0 : sum[node];
  }

  private void update(int node) {
    sum[node] = sumOf(left[node]) + weight[node] + sumOf(right[node]);
  }

  /** Whether node {@code a} comes before node {@code b}: by key, then by node number. */
  private boolean before(int a, int b) {
    return key[a] < key[b] || (key[a] == key[b] && a < b);
  }

  // A fixed hash of the node number (the SplitMix64 finaliser): random enough for balance and the
  // same on every run, so the domain needs no randomness of its own.
  private static long priority(int node) {
    long z = (node + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Splits {@code tree} into the nodes before {@code pivot} and the rest. */
  private void split(int tree, int pivot) {
    if (tree == NIL) {
      splitLow = NIL;
      splitHigh = NIL;
      return;
    }
    if (before(tree, pivot)) {
      split(right[tree], pivot);
      right[tree] = splitLow;
      update(tree);
      splitLow = tree;
    } else {
      split(left[tree], pivot);
      left[tree] = splitHigh;
      update(tree);
      splitHigh = tree;
    }
  }

  /** Joins two trees, every node of {@code low} before every node of {@code high}. */
  private int merge(int low, int high) {
    if (low == NIL) {
      return high;
    }
    if (high == NIL) {
      return low;
    }
    if (priority(low) > priority(high)) {
      right[low] = merge(right[low], high);
      update(low);
      return low;
    }
    left[high] = merge(low, left[high]);
    update(high);
    return high;
  }

  private int remove(int tree, int node) {
    if (tree == node) {
      return merge(left[tree], right[tree]);
    }
    if (before(node, tree)) {
      left[tree] = remove(left[tree], node);
    } else {
      right[tree] = remove(right[tree], node);
    }
    update(tree);
    return tree;
  }
}
