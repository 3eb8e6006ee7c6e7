/** Who administers the server: the actor of an admin action, as the audit log records it. */
@NullMarked
package io.codexlb.domain.admin;

import org.jspecify.annotations.NullMarked;
