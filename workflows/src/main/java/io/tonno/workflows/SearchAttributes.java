package io.tonno.workflows;

import io.temporal.common.SearchAttributeKey;

/**
 * The search attributes tonno upserts when {@link OrchestrationSettings#searchAttributes()} is on.
 * Create them in the namespace first, e.g.
 * {@code temporal operator search-attribute create --name Stage --type Keyword}.
 */
public final class SearchAttributes {
    /** The experiment's id (Keyword). */
    public static final SearchAttributeKey<String> EXPERIMENT_ID = SearchAttributeKey.forKeyword("ExperimentId");
    /** The stage the experiment is in (Keyword). */
    public static final SearchAttributeKey<String> STAGE = SearchAttributeKey.forKeyword("Stage");

    private SearchAttributes() {}
}
