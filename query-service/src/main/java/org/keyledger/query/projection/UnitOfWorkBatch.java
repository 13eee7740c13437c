package org.keyledger.query.projection;

import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.function.Function;

/**
 * What a projection's handlers gather through one unit of work and write together as it commits, inside its
 * transaction: one statement for many events rather than one each. Outside a unit of work (a test driving a handler)
 * each event is a batch of its own, written at once.
 */
abstract class UnitOfWorkBatch {

    private final boolean alone;

    protected UnitOfWorkBatch(boolean alone) {
        this.alone = alone;
    }

    /** Writes what was gathered, and forgets it. */
    abstract void write();

    /** After each event a handler added: outside a unit of work, written at once. */
    final void added() {
        if (alone) {
            write();
        }
    }

    /**
     * The batch under {@code key} in {@code unit}, made (by {@code create}, told whether it stands alone) and set to be
     * written as the unit prepares to commit the first time it is asked for; a batch of its own when {@code unit} is
     * null.
     */
    static <B extends UnitOfWorkBatch> B in(UnitOfWork<?> unit, String key, Function<Boolean, B> create) {
        if (unit == null) {
            return create.apply(true);
        }
        return unit.getOrComputeResource(key, k -> {
            B batch = create.apply(false);
            unit.onPrepareCommit(u -> batch.write());
            return batch;
        });
    }
}
