-- Placeholder for version 5, which another change (settings) owns; replaced by it when both are
-- merged. It changes nothing.
SELECT 1;
