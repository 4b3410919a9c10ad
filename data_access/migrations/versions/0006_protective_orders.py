"""domestic-violence protective orders (issue 17): counted, with breaches and repeat victims, no names

Urgent barring orders (police, Law No. 2229-VIII art. 25) and restrictive orders (court, art. 26);
breaches are КУпАП art. 173-2 and КК art. 390-1. The table holds no field that identifies a person:
``repeat_victim`` is the source's yes/no.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('protective_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('external_id', sa.String(length=128), nullable=False),
    sa.Column('import_batch_id', sa.Integer(), nullable=False),
    sa.Column('hromada_id', sa.Integer(), nullable=False),
    sa.Column('settlement_id', sa.Integer(), nullable=True),
    sa.Column('issued_date', sa.Date(), nullable=False),
    sa.Column('issued_week', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('breached', sa.Boolean(), nullable=False),
    sa.Column('breach_date', sa.Date(), nullable=True),
    sa.Column('repeat_victim', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['hromada_id'], ['hromada.id'], name=op.f('fk_protective_order_hromada_id_hromada')),
    sa.ForeignKeyConstraint(['import_batch_id'], ['import_batch.id'], name=op.f('fk_protective_order_import_batch_id_import_batch'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['settlement_id'], ['settlement.id'], name=op.f('fk_protective_order_settlement_id_settlement')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_protective_order')),
    sa.UniqueConstraint('source', 'external_id', name='uq_protective_order_source_external_id')
    )
    with op.batch_alter_table('protective_order', schema=None) as batch_op:
        batch_op.create_index('ix_protective_order_hromada_date', ['hromada_id', 'issued_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_protective_order_import_batch_id'), ['import_batch_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('protective_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_protective_order_import_batch_id'))
        batch_op.drop_index('ix_protective_order_hromada_date')

    op.drop_table('protective_order')
