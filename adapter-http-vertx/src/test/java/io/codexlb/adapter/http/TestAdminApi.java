package io.codexlb.adapter.http;

import io.codexlb.adapter.http.admin.AdminApi;
import io.codexlb.adapter.http.admin.LoopbackOnlyGate;
import java.util.Set;

/** An admin API with no route groups, for tests of what every router does. */
final class TestAdminApi {

  static final AdminApi EMPTY =
      new AdminApi(new LoopbackOnlyGate(), Set.of(), new BodyBudget(64L << 20), "test");

  private TestAdminApi() {}
}
