package io.tonno.tomography;

/** How slice maps are turned into a volume ({@code method.md} §8). */
public enum MapMethod {
    /** {@code G(x) = (1/4π) Σ_l w_l p̃(x·n_l, x·u_l, x·v_l)}: {@code (1/L) Σ_l} on the full lattice. */
    AVERAGED,
    /** The same with the second difference along {@code s} taken at each map cell, scaled by {@code c·w_l}. */
    TOMOGRAPHIC
}
