"""Templates into text without a database: Zou's slugs, styles, tokens, roots and joins."""

from __future__ import annotations

import pytest

from clapboard.plugins.data.files import naming, trees

VALUES = {("Project", "name"): "Mon Projet Été", ("Shot", "name"): "SH 010/b", ("Project", "id"):
          "6f1c2b0e-1d2a-4c3b-9e8f-0a1b2c3d4e5f", ("Instance", "number"): "0003", ("Empty", "name"): None}


def resolve(token, field):
    return VALUES[(token, field)]


def test_values_are_slugified_then_styled_and_literals_kept():
    assert naming.render("<Project>/Shots/<Shot>", resolve, "lowercase") == "mon_projet_ete/Shots/sh_010_b"
    assert naming.render("<Project>/Shots/<Shot>", resolve, "uppercase") == "MON_PROJET_ETE/Shots/SH_010_B"
    assert naming.render("<Project>", resolve, "") == "mon_projet_ete"  # the slug is lowercase already
    assert naming.render("x_<Project.id>", resolve) == "x_6f1c2b0e-1d2a-4c3b-9e8f-0a1b2c3d4e5f"  # ids kept
    assert naming.render("i_<Instance.number>", resolve) == "i_0003"
    assert naming.render("<Project.color>", resolve) == "mon_projet_ete"  # unknown fields read the name
    assert naming.render("<Empty>/x", resolve) == "<Empty>/x"  # no value: the token stays


def test_file_names_are_slugified_whole_with_their_ids_intact():
    assert naming.file_name("<Project> - <Shot>.v001", resolve, "uppercase") == "MON_PROJET_ETE_SH_010_B_V001"
    assert naming.file_name("<Project.id>_<Shot>", resolve, "uppercase") == \
        "6f1c2b0e-1d2a-4c3b-9e8f-0a1b2c3d4e5f_SH_010_B"


def test_roots_and_joins():
    tree = {"working": {"mountpoint": "/mnt", "root": "prod"}, "output": {"mountpoint": "/mnt", "root": ""}}
    assert naming.root_path(tree, "working", "/") == "/mnt/prod/"
    assert naming.root_path(tree, "output", "\\") == "/mnt\\"
    assert naming.join("a", "b", "/") == "a/b" and naming.join("", "b", "/") == "b" and naming.join("a", "", "/") == "a"
    for broken, mode in ((None, "working"), ({}, "working"), (tree, "preview"), ({"working": {"root": "x"}}, "working")):
        with pytest.raises(naming.MalformedFileTree):
            naming.root_path(broken, mode, "/")


def test_the_shipped_trees():
    assert trees.names() == ("default", "simple")
    simple = trees.shipped("simple")
    assert simple["output"]["folder_path"]["instance"].endswith("instance_<Instance.number>/<Representation>")
    simple["working"] = None
    assert trees.shipped("simple")["working"] is not None  # each caller gets its own copy
    with pytest.raises(naming.BadRequest):
        trees.shipped("../default")
