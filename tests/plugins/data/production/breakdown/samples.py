"""Zou 1.0.97's recorded answers for the breakdown routes, cut to one item, and a shape check.

Each constant is the answer of the route named above it, as recorded from a
real Zou (lists cut to their first item, tables keyed by id to their first
key). ``shape_diffs`` compares one of our answers with it by shape: keys,
JSON types, ``type`` values, date formats (``tests/contract/shapes.py``).
"""

from __future__ import annotations

import re

from .....contract.shapes import compare_bodies

_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-")


def _keyed(body) -> bool:
    return isinstance(body, dict) and bool(body) and all(_ID.match(k) for k in body)


def shape_diffs(zou, ours) -> list[str]:
    """Differences of shape; a table keyed by ids is compared through its first non-empty row list."""

    if _keyed(zou):
        if not isinstance(ours, dict) or not ours:
            return [f"ours is not a non-empty table: {ours!r}"[:200]]
        rows = next((v for v in ours.values() if v), [])
        return compare_bodies(next(iter(zou.values())), rows)
    return compare_bodies(zou, ours)


# GET /data/projects/{id}/entities/{id}/casting (200)
ENTITY_CASTING = [{'asset_id': '94c9d65e-fed4-4fb0-b87d-d07e824be4b0',
  'asset_name': 'Hero',
  'asset_type_name': 'Character',
  'ready_for': None,
  'episode_id': '7b9944f0-3d34-4130-b3b5-8d064061fad8',
  'preview_file_id': None,
  'nb_occurences': 1,
  'label': '',
  'is_shared': False,
  'project_id': 'a8f5aad2-7a90-46bc-a5e9-be978dc513a9'}]

# PUT /data/projects/{id}/entities/{id}/casting (200)
CASTING_UPDATE = [{'asset_id': '94c9d65e-fed4-4fb0-b87d-d07e824be4b0', 'nb_occurences': 1, 'label': ''}]

# PUT /data/projects/{id}/entities/casting/assets/{id} (200)
CAST_ASSET = {'d105ccf5-4c6a-4185-9a49-9961328478cf': [{'asset_id': 'bab85b35-36dc-4446-bf27-79c247504108',
                                           'asset_name': 'Forest',
                                           'asset_type_name': 'Environment',
                                           'ready_for': None,
                                           'episode_id': '7b9944f0-3d34-4130-b3b5-8d064061fad8',
                                           'preview_file_id': None,
                                           'nb_occurences': 1,
                                           'label': '',
                                           'is_shared': False,
                                           'project_id': 'a8f5aad2-7a90-46bc-a5e9-be978dc513a9'}]}

# GET /data/projects/{id}/sequences/{id}/casting (200)
SEQUENCE_CASTING = {'ea8dd2d4-b5d6-48c0-8793-4a464dc50af4': [{'asset_id': '94c9d65e-fed4-4fb0-b87d-d07e824be4b0',
                                           'name': 'Hero',
                                           'asset_name': 'Hero',
                                           'asset_type_name': 'Character',
                                           'sequence_name': 'SQ01',
                                           'preview_file_id': None,
                                           'nb_occurences': 1,
                                           'label': '',
                                           'is_shared': False,
                                           'project_id': 'a8f5aad2-7a90-46bc-a5e9-be978dc513a9'}]}

# GET /data/projects/{id}/sequences/all/casting (200)
PROJECT_SHOTS_CASTING = {'ea8dd2d4-b5d6-48c0-8793-4a464dc50af4': [{'asset_id': '94c9d65e-fed4-4fb0-b87d-d07e824be4b0',
                                           'name': 'Hero',
                                           'asset_name': 'Hero',
                                           'asset_type_name': 'Character',
                                           'sequence_name': 'SQ01',
                                           'preview_file_id': None,
                                           'nb_occurences': 1,
                                           'label': '',
                                           'is_shared': False,
                                           'project_id': 'a8f5aad2-7a90-46bc-a5e9-be978dc513a9'}]}

# GET /data/projects/{id}/episodes/{id}/sequences/all/casting (200)
EPISODE_SHOTS_CASTING = {'ea8dd2d4-b5d6-48c0-8793-4a464dc50af4': [{'asset_id': '94c9d65e-fed4-4fb0-b87d-d07e824be4b0',
                                           'name': 'Hero',
                                           'asset_name': 'Hero',
                                           'asset_type_name': 'Character',
                                           'sequence_name': 'SQ01',
                                           'preview_file_id': None,
                                           'nb_occurences': 1,
                                           'label': '',
                                           'is_shared': False,
                                           'project_id': 'a8f5aad2-7a90-46bc-a5e9-be978dc513a9'}]}

# GET /data/projects/{id}/episodes/casting (200)
EPISODES_CASTING = {'4d7d039a-fff6-4077-a90c-2b0de4f28dc3': [{'asset_id': '94c9d65e-fed4-4fb0-b87d-d07e824be4b0',
                                           'name': 'Hero',
                                           'asset_name': 'Hero',
                                           'asset_type_name': 'Character',
                                           'preview_file_id': None,
                                           'nb_occurences': 1,
                                           'label': '',
                                           'is_shared': False,
                                           'project_id': 'a8f5aad2-7a90-46bc-a5e9-be978dc513a9'}]}

# GET /data/assets/{id}/cast-in (200)
CAST_IN = [{'shot_id': 'ea8dd2d4-b5d6-48c0-8793-4a464dc50af4',
  'shot_name': 'SH010',
  'sequence_name': 'SQ01',
  'episode_id': '7b9944f0-3d34-4130-b3b5-8d064061fad8',
  'episode_name': 'E01',
  'preview_file_id': None,
  'nb_occurences': 1}]

# GET /data/projects/{id}/entity-links (200)
ENTITY_LINKS = [{'id': '1c4bbf0a-3612-47fc-9bd5-3055e2534737',
  'entity_in_id': '7b9944f0-3d34-4130-b3b5-8d064061fad8',
  'entity_out_id': '94c9d65e-fed4-4fb0-b87d-d07e824be4b0',
  'nb_occurences': 1,
  'label': '',
  'data': {'auto': True},
  'created_at': '2026-11-28T05:38:37.847384',
  'type': 'EntityLink'}]

# GET /data/shots/{id}/asset-types (200)
SHOT_ASSET_TYPES = [{'name': 'Character',
  'short_name': None,
  'description': None,
  'archived': False,
  'id': '691b6bde-f564-4070-b682-e71134f7ece5',
  'created_at': '2026-11-28T05:18:51',
  'updated_at': '2026-11-28T05:18:51',
  'type': 'AssetType'}]

# GET /data/shots/{id}/assets (200)
SHOT_ASSETS = [{'id': '94c9d65e-fed4-4fb0-b87d-d07e824be4b0',
  'name': 'Hero',
  'code': None,
  'description': 'Hero asset',
  'shotgun_id': None,
  'canceled': False,
  'nb_frames': None,
  'nb_entities_out': 0,
  'is_casting_standby': False,
  'is_shared': False,
  'status': 'running',
  'project_id': 'a8f5aad2-7a90-46bc-a5e9-be978dc513a9',
  'entity_type_id': '691b6bde-f564-4070-b682-e71134f7ece5',
  'parent_id': None,
  'source_id': '7b9944f0-3d34-4130-b3b5-8d064061fad8',
  'preview_file_id': None,
  'data': {},
  'ready_for': None,
  'created_by': '4f3007ea-1aa0-4ec0-8ba4-b1a8498ca0fb',
  'created_at': '2026-11-28T05:38:37',
  'updated_at': '2026-11-28T05:38:37',
  'type': 'Asset'}]

# POST /data/scenes/{id}/asset-instances (201)
SCENE_INSTANCE_NEW = {'asset_id': '8fc715d0-6e27-4c25-b32f-479fc1140f7b',
 'name': 'Lamp_0001',
 'number': 1,
 'description': None,
 'active': True,
 'data': None,
 'scene_id': 'ea8fc071-57cd-4e96-8939-3755b558f834',
 'target_asset_id': None,
 'entity_id': None,
 'entity_type_id': None,
 'id': '771b6b2c-d3ea-4123-94cc-ef0f27e82bb8',
 'created_at': '2026-11-28T05:38:40',
 'updated_at': '2026-11-28T05:38:40',
 'type': 'AssetInstance'}

# GET /data/scenes/{id}/asset-instances (200)
SCENE_INSTANCES = {'8fc715d0-6e27-4c25-b32f-479fc1140f7b': [{'asset_id': '8fc715d0-6e27-4c25-b32f-479fc1140f7b',
                                           'name': 'Lamp_0001',
                                           'number': 1,
                                           'description': None,
                                           'active': True,
                                           'data': None,
                                           'scene_id': 'ea8fc071-57cd-4e96-8939-3755b558f834',
                                           'target_asset_id': None,
                                           'entity_id': None,
                                           'entity_type_id': None,
                                           'id': '771b6b2c-d3ea-4123-94cc-ef0f27e82bb8',
                                           'created_at': '2026-11-28T05:38:40',
                                           'updated_at': '2026-11-28T05:38:40',
                                           'type': 'AssetInstance'}]}

# POST /data/assets/{id}/asset-asset-instances (201)
ASSET_INSTANCE_NEW = {'asset_id': '8fc715d0-6e27-4c25-b32f-479fc1140f7b',
 'name': 'Lamp_0001',
 'number': 1,
 'description': 'lamp in hero',
 'active': True,
 'data': None,
 'scene_id': None,
 'target_asset_id': '94c9d65e-fed4-4fb0-b87d-d07e824be4b0',
 'entity_id': None,
 'entity_type_id': None,
 'id': '2f85edfd-2703-4961-a5aa-90270f831d54',
 'created_at': '2026-11-28T05:38:40',
 'updated_at': '2026-11-28T05:38:40',
 'type': 'AssetInstance'}

# GET /data/shots/{id}/asset-instances (200)
SHOT_INSTANCES = {'94c9d65e-fed4-4fb0-b87d-d07e824be4b0': [{'asset_id': '94c9d65e-fed4-4fb0-b87d-d07e824be4b0',
                                           'name': 'hero_0001',
                                           'number': 1,
                                           'description': 'shot instance',
                                           'active': True,
                                           'data': None,
                                           'scene_id': None,
                                           'target_asset_id': None,
                                           'entity_id': None,
                                           'entity_type_id': None,
                                           'id': '0720f4e8-5af6-490e-ac83-371189c552cf',
                                           'created_at': '2026-11-28T05:38:40',
                                           'updated_at': '2026-11-28T05:38:40',
                                           'type': 'AssetInstance'}]}

# GET /data/assets/{id}/shot-asset-instances (200)
ASSET_SHOT_INSTANCES = {'ea8dd2d4-b5d6-48c0-8793-4a464dc50af4': [{'asset_id': '94c9d65e-fed4-4fb0-b87d-d07e824be4b0',
                                           'name': 'hero_0001',
                                           'number': 1,
                                           'description': 'shot instance',
                                           'active': True,
                                           'data': None,
                                           'scene_id': None,
                                           'target_asset_id': None,
                                           'entity_id': None,
                                           'entity_type_id': None,
                                           'id': '0720f4e8-5af6-490e-ac83-371189c552cf',
                                           'created_at': '2026-11-28T05:38:40',
                                           'updated_at': '2026-11-28T05:38:40',
                                           'type': 'AssetInstance'}]}

# POST /data/shots/{id}/asset-instances (201)
SHOT_INSTANCE_ADD = {'id': 'ea8dd2d4-b5d6-48c0-8793-4a464dc50af4',
 'name': 'SH010',
 'code': None,
 'description': 'Opening shot',
 'shotgun_id': None,
 'canceled': False,
 'nb_frames': 48,
 'nb_entities_out': 2,
 'is_casting_standby': False,
 'is_shared': False,
 'status': 'running',
 'project_id': 'a8f5aad2-7a90-46bc-a5e9-be978dc513a9',
 'entity_type_id': 'fb260a93-ddf5-44d6-aea9-0fc7e28b357b',
 'parent_id': '86ffbcb7-065e-4a57-863e-f7562f5fe76c',
 'source_id': None,
 'preview_file_id': None,
 'data': {'frame_in': 1001, 'frame_out': 1048, 'difficulty': 'hard'},
 'ready_for': None,
 'created_by': '4f3007ea-1aa0-4ec0-8ba4-b1a8498ca0fb',
 'created_at': '2026-11-28T05:38:37',
 'updated_at': '2026-11-28T05:38:40',
 'type': 'Entity'}

# GET /data/scenes/{id}/shots (200)
SCENE_SHOTS = [{'id': 'ea8dd2d4-b5d6-48c0-8793-4a464dc50af4',
  'name': 'SH010',
  'code': None,
  'description': 'Opening shot',
  'shotgun_id': None,
  'canceled': False,
  'nb_frames': 48,
  'nb_entities_out': 2,
  'is_casting_standby': False,
  'is_shared': False,
  'status': 'running',
  'project_id': 'a8f5aad2-7a90-46bc-a5e9-be978dc513a9',
  'entity_type_id': 'fb260a93-ddf5-44d6-aea9-0fc7e28b357b',
  'parent_id': '86ffbcb7-065e-4a57-863e-f7562f5fe76c',
  'source_id': 'ea8fc071-57cd-4e96-8939-3755b558f834',
  'preview_file_id': None,
  'data': {'frame_in': 1001, 'frame_out': 1048, 'difficulty': 'hard'},
  'ready_for': None,
  'created_by': '4f3007ea-1aa0-4ec0-8ba4-b1a8498ca0fb',
  'created_at': '2026-11-28T05:38:37',
  'updated_at': '2026-11-28T05:38:40',
  'type': 'Shot',
  'project_name': 'Samples 0538355154',
  'sequence_name': 'SQ01'}]

# POST /data/scenes/{id}/shots (201)
SCENE_SHOT_ADD = {'id': 'ea8dd2d4-b5d6-48c0-8793-4a464dc50af4',
 'name': 'SH010',
 'code': None,
 'description': 'Opening shot',
 'shotgun_id': None,
 'canceled': False,
 'nb_frames': 48,
 'nb_entities_out': 2,
 'is_casting_standby': False,
 'is_shared': False,
 'status': 'running',
 'project_id': 'a8f5aad2-7a90-46bc-a5e9-be978dc513a9',
 'entity_type_id': 'fb260a93-ddf5-44d6-aea9-0fc7e28b357b',
 'parent_id': '86ffbcb7-065e-4a57-863e-f7562f5fe76c',
 'source_id': 'ea8fc071-57cd-4e96-8939-3755b558f834',
 'preview_file_id': None,
 'data': {'frame_in': 1001, 'frame_out': 1048, 'difficulty': 'hard'},
 'ready_for': None,
 'created_by': '4f3007ea-1aa0-4ec0-8ba4-b1a8498ca0fb',
 'created_at': '2026-11-28T05:38:37',
 'updated_at': '2026-11-28T05:38:40',
 'type': 'Entity'}
