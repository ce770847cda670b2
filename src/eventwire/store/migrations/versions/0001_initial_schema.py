"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('articles',
    sa.Column('id', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('date', sa.String(length=10), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('schema_version', sa.Text(), nullable=True),
    sa.Column('fatalities', sa.Integer(), nullable=True),
    sa.Column('n_events', sa.Integer(), nullable=True),
    sa.Column('warnings', sa.JSON(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.Column('ingested_at', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles'))
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_source'), ['source'], unique=False)

    op.create_table('merged_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.String(length=10), nullable=True),
    sa.Column('last_day', sa.String(length=10), nullable=True),
    sa.Column('source_text', sa.Text(), nullable=True),
    sa.Column('source_name', sa.Text(), nullable=True),
    sa.Column('source_code', sa.Text(), nullable=True),
    sa.Column('source_country', sa.Text(), nullable=True),
    sa.Column('source_sector', sa.Text(), nullable=True),
    sa.Column('source_kind', sa.Text(), nullable=True),
    sa.Column('target_text', sa.Text(), nullable=True),
    sa.Column('target_name', sa.Text(), nullable=True),
    sa.Column('target_code', sa.Text(), nullable=True),
    sa.Column('target_country', sa.Text(), nullable=True),
    sa.Column('target_sector', sa.Text(), nullable=True),
    sa.Column('target_kind', sa.Text(), nullable=True),
    sa.Column('cameo', sa.Text(), nullable=True),
    sa.Column('cameo_root', sa.String(length=2), nullable=True),
    sa.Column('quad_class', sa.Integer(), nullable=True),
    sa.Column('goldstein', sa.Float(), nullable=True),
    sa.Column('plover_type', sa.Text(), nullable=True),
    sa.Column('acled_event_type', sa.Text(), nullable=True),
    sa.Column('place_name', sa.Text(), nullable=True),
    sa.Column('place_country', sa.Text(), nullable=True),
    sa.Column('place_lat', sa.Float(), nullable=True),
    sa.Column('place_lon', sa.Float(), nullable=True),
    sa.Column('num_mentions', sa.Integer(), nullable=True),
    sa.Column('num_articles', sa.Integer(), nullable=True),
    sa.Column('num_sources', sa.Integer(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('killed_min', sa.Integer(), nullable=True),
    sa.Column('killed_max', sa.Integer(), nullable=True),
    sa.Column('killed', sa.Integer(), nullable=True),
    sa.Column('injured_min', sa.Integer(), nullable=True),
    sa.Column('injured_max', sa.Integer(), nullable=True),
    sa.Column('injured', sa.Integer(), nullable=True),
    sa.Column('sources', sa.JSON(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('evidence_text', sa.Text(), nullable=True),
    sa.Column('story_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_merged_events'))
    )
    with op.batch_alter_table('merged_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_merged_events_cameo'), ['cameo'], unique=False)
        batch_op.create_index(batch_op.f('ix_merged_events_cameo_root'), ['cameo_root'], unique=False)
        batch_op.create_index(batch_op.f('ix_merged_events_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_merged_events_place_country'), ['place_country'], unique=False)
        batch_op.create_index(batch_op.f('ix_merged_events_quad_class'), ['quad_class'], unique=False)
        batch_op.create_index(batch_op.f('ix_merged_events_source_code'), ['source_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_merged_events_source_country'), ['source_country'], unique=False)
        batch_op.create_index(batch_op.f('ix_merged_events_story_id'), ['story_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_merged_events_target_code'), ['target_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_merged_events_target_country'), ['target_country'], unique=False)

    op.create_table('stories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('first_day', sa.String(length=10), nullable=True),
    sa.Column('last_day', sa.String(length=10), nullable=True),
    sa.Column('num_articles', sa.Integer(), nullable=True),
    sa.Column('num_sources', sa.Integer(), nullable=True),
    sa.Column('keywords', sa.JSON(), nullable=True),
    sa.Column('method', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stories'))
    )
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stories_first_day'), ['first_day'], unique=False)

    op.create_table('actors',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('code', sa.Text(), nullable=True),
    sa.Column('country', sa.Text(), nullable=True),
    sa.Column('sector', sa.Text(), nullable=True),
    sa.Column('kind', sa.Text(), nullable=True),
    sa.Column('role', sa.Text(), nullable=True),
    sa.Column('start', sa.Integer(), nullable=True),
    sa.Column('end', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_actors_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actors'))
    )
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actors_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actors_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_actors_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_actors_name'), ['name'], unique=False)

    op.create_table('casualties',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=True),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.Column('qualifier', sa.Text(), nullable=True),
    sa.Column('victims', sa.Text(), nullable=True),
    sa.Column('subset_of', sa.Integer(), nullable=True),
    sa.Column('cumulative', sa.Boolean(), nullable=True),
    sa.Column('cause', sa.Text(), nullable=True),
    sa.Column('perpetrator', sa.Text(), nullable=True),
    sa.Column('event', sa.Integer(), nullable=True),
    sa.Column('evidence_start', sa.Integer(), nullable=True),
    sa.Column('evidence_end', sa.Integer(), nullable=True),
    sa.Column('evidence_text', sa.Text(), nullable=True),
    sa.Column('day', sa.String(length=10), nullable=True),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_casualties_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_casualties'))
    )
    with op.batch_alter_table('casualties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_casualties_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_casualties_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_casualties_kind'), ['kind'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('cameo', sa.Text(), nullable=True),
    sa.Column('cameo_root', sa.String(length=2), nullable=True),
    sa.Column('quad_class', sa.Integer(), nullable=True),
    sa.Column('goldstein', sa.Float(), nullable=True),
    sa.Column('plover_type', sa.Text(), nullable=True),
    sa.Column('plover_mode', sa.Text(), nullable=True),
    sa.Column('acled_event_type', sa.Text(), nullable=True),
    sa.Column('acled_sub_event_type', sa.Text(), nullable=True),
    sa.Column('source_text', sa.Text(), nullable=True),
    sa.Column('source_name', sa.Text(), nullable=True),
    sa.Column('source_code', sa.Text(), nullable=True),
    sa.Column('source_country', sa.Text(), nullable=True),
    sa.Column('source_sector', sa.Text(), nullable=True),
    sa.Column('source_kind', sa.Text(), nullable=True),
    sa.Column('target_text', sa.Text(), nullable=True),
    sa.Column('target_name', sa.Text(), nullable=True),
    sa.Column('target_code', sa.Text(), nullable=True),
    sa.Column('target_country', sa.Text(), nullable=True),
    sa.Column('target_sector', sa.Text(), nullable=True),
    sa.Column('target_kind', sa.Text(), nullable=True),
    sa.Column('date', sa.Text(), nullable=True),
    sa.Column('date_precision', sa.Text(), nullable=True),
    sa.Column('day', sa.String(length=10), nullable=True),
    sa.Column('place_text', sa.Text(), nullable=True),
    sa.Column('place_name', sa.Text(), nullable=True),
    sa.Column('place_country', sa.Text(), nullable=True),
    sa.Column('place_lat', sa.Float(), nullable=True),
    sa.Column('place_lon', sa.Float(), nullable=True),
    sa.Column('place_geonameid', sa.Integer(), nullable=True),
    sa.Column('negated', sa.Boolean(), nullable=True),
    sa.Column('modality', sa.Text(), nullable=True),
    sa.Column('claimed_by', sa.Text(), nullable=True),
    sa.Column('channel', sa.Text(), nullable=True),
    sa.Column('trigger_start', sa.Integer(), nullable=True),
    sa.Column('trigger_end', sa.Integer(), nullable=True),
    sa.Column('trigger_text', sa.Text(), nullable=True),
    sa.Column('evidence_start', sa.Integer(), nullable=True),
    sa.Column('evidence_end', sa.Integer(), nullable=True),
    sa.Column('evidence_text', sa.Text(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_events_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_acled_event_type'), ['acled_event_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_cameo'), ['cameo'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_cameo_root'), ['cameo_root'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_place_country'), ['place_country'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_plover_type'), ['plover_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_quad_class'), ['quad_class'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_source_code'), ['source_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_source_country'), ['source_country'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_target_code'), ['target_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_target_country'), ['target_country'], unique=False)

    op.create_table('places',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=True),
    sa.Column('end', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('geonameid', sa.Integer(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('country', sa.Text(), nullable=True),
    sa.Column('feature_class', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_places_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_places'))
    )
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_places_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_places_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_places_name'), ['name'], unique=False)

    op.create_table('quotes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=True),
    sa.Column('speaker_start', sa.Integer(), nullable=True),
    sa.Column('speaker_end', sa.Integer(), nullable=True),
    sa.Column('speaker_text', sa.Text(), nullable=True),
    sa.Column('speaker_name', sa.Text(), nullable=True),
    sa.Column('speaker_actor_text', sa.Text(), nullable=True),
    sa.Column('speaker_actor_name', sa.Text(), nullable=True),
    sa.Column('speaker_actor_code', sa.Text(), nullable=True),
    sa.Column('speaker_actor_country', sa.Text(), nullable=True),
    sa.Column('speaker_actor_sector', sa.Text(), nullable=True),
    sa.Column('speaker_actor_kind', sa.Text(), nullable=True),
    sa.Column('on_behalf_of', sa.Text(), nullable=True),
    sa.Column('cue_start', sa.Integer(), nullable=True),
    sa.Column('cue_end', sa.Integer(), nullable=True),
    sa.Column('cue_text', sa.Text(), nullable=True),
    sa.Column('cue_lemma', sa.Text(), nullable=True),
    sa.Column('content_start', sa.Integer(), nullable=True),
    sa.Column('content_end', sa.Integer(), nullable=True),
    sa.Column('content_text', sa.Text(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_quotes_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes'))
    )
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quotes_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_speaker_actor_code'), ['speaker_actor_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_speaker_actor_country'), ['speaker_actor_country'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_speaker_name'), ['speaker_name'], unique=False)

    op.create_table('story_articles',
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_story_articles_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_story_articles_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('story_id', 'article_id', name=op.f('pk_story_articles'))
    )
    with op.batch_alter_table('story_articles', schema=None) as batch_op:
        batch_op.create_index('ix_story_articles_article_id', ['article_id'], unique=False)

    op.create_table('times',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('article_id', sa.Text(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=True),
    sa.Column('end', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('type', sa.Text(), nullable=True),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('timezone', sa.Text(), nullable=True),
    sa.Column('anchor', sa.Text(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_times_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_times'))
    )
    with op.batch_alter_table('times', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_times_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_times_value'), ['value'], unique=False)

    op.create_table('merged_mentions',
    sa.Column('merged_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_merged_mentions_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['merged_id'], ['merged_events.id'], name=op.f('fk_merged_mentions_merged_id_merged_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('merged_id', 'event_id', name=op.f('pk_merged_mentions'))
    )
    with op.batch_alter_table('merged_mentions', schema=None) as batch_op:
        batch_op.create_index('ix_merged_mentions_event_id', ['event_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('merged_mentions', schema=None) as batch_op:
        batch_op.drop_index('ix_merged_mentions_event_id')

    op.drop_table('merged_mentions')
    with op.batch_alter_table('times', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_times_value'))
        batch_op.drop_index(batch_op.f('ix_times_article_id'))

    op.drop_table('times')
    with op.batch_alter_table('story_articles', schema=None) as batch_op:
        batch_op.drop_index('ix_story_articles_article_id')

    op.drop_table('story_articles')
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quotes_speaker_name'))
        batch_op.drop_index(batch_op.f('ix_quotes_speaker_actor_country'))
        batch_op.drop_index(batch_op.f('ix_quotes_speaker_actor_code'))
        batch_op.drop_index(batch_op.f('ix_quotes_article_id'))

    op.drop_table('quotes')
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_places_name'))
        batch_op.drop_index(batch_op.f('ix_places_country'))
        batch_op.drop_index(batch_op.f('ix_places_article_id'))

    op.drop_table('places')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_target_country'))
        batch_op.drop_index(batch_op.f('ix_events_target_code'))
        batch_op.drop_index(batch_op.f('ix_events_source_country'))
        batch_op.drop_index(batch_op.f('ix_events_source_code'))
        batch_op.drop_index(batch_op.f('ix_events_quad_class'))
        batch_op.drop_index(batch_op.f('ix_events_plover_type'))
        batch_op.drop_index(batch_op.f('ix_events_place_country'))
        batch_op.drop_index(batch_op.f('ix_events_day'))
        batch_op.drop_index(batch_op.f('ix_events_cameo_root'))
        batch_op.drop_index(batch_op.f('ix_events_cameo'))
        batch_op.drop_index(batch_op.f('ix_events_article_id'))
        batch_op.drop_index(batch_op.f('ix_events_acled_event_type'))

    op.drop_table('events')
    with op.batch_alter_table('casualties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_casualties_kind'))
        batch_op.drop_index(batch_op.f('ix_casualties_day'))
        batch_op.drop_index(batch_op.f('ix_casualties_article_id'))

    op.drop_table('casualties')
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actors_name'))
        batch_op.drop_index(batch_op.f('ix_actors_country'))
        batch_op.drop_index(batch_op.f('ix_actors_code'))
        batch_op.drop_index(batch_op.f('ix_actors_article_id'))

    op.drop_table('actors')
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stories_first_day'))

    op.drop_table('stories')
    with op.batch_alter_table('merged_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_merged_events_target_country'))
        batch_op.drop_index(batch_op.f('ix_merged_events_target_code'))
        batch_op.drop_index(batch_op.f('ix_merged_events_story_id'))
        batch_op.drop_index(batch_op.f('ix_merged_events_source_country'))
        batch_op.drop_index(batch_op.f('ix_merged_events_source_code'))
        batch_op.drop_index(batch_op.f('ix_merged_events_quad_class'))
        batch_op.drop_index(batch_op.f('ix_merged_events_place_country'))
        batch_op.drop_index(batch_op.f('ix_merged_events_day'))
        batch_op.drop_index(batch_op.f('ix_merged_events_cameo_root'))
        batch_op.drop_index(batch_op.f('ix_merged_events_cameo'))

    op.drop_table('merged_events')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_source'))
        batch_op.drop_index(batch_op.f('ix_articles_date'))

    op.drop_table('articles')
