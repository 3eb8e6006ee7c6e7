/**
 * The admin API on the dashboard listener: JSON under {@code /api}. Each group of routes is an
 * {@link io.codexlb.adapter.http.admin.AdminRoutes}, installed behind the {@link
 * io.codexlb.adapter.http.admin.AdminGate} and described in {@code GET /api/openapi.json} by its
 * own OpenAPI fragment.
 */
@NullMarked
package io.codexlb.adapter.http.admin;

import org.jspecify.annotations.NullMarked;
