"""News routes: a production's feed, the feed of every open production, one news item, an entity's news.

Reading goes through the policy: the project (or entity) with ``one()`` (404
out of reach), the rows with the news and comment scopes (see
``news_feed.reach``). Zou blocks vendors from the single news item; the
``data.news.read-one`` action says so here. Paging is Zou's: ``page`` and
``limit`` (default 50); Kitsu's ``page_size`` is ignored, as Zou ignores it.
"""

from __future__ import annotations

from clapboard import Operation, Route
from clapboard.errors import NotFound

from ..crud.values import parse_id
from ..engine import context, one, require
from ..models import Entity, News, Project
from ..production.projects import open_project_ids
from . import news_feed
from . import query_params as qp
from .news_feed import NewsFilters

PAGE = "data/activity/answers#/$defs/news_page"
ENTITY_PAGE = "data/activity/answers#/$defs/entity_news"
ITEM = "data/activity/answers#/$defs/news"
FILTERS = ("`page`, `limit` (default 50), `only_preview`, `task_type_id`, `task_status_id`, `person_id` "
           "(author), `episode_id`, `after`, `before` (dates).")


def _filters(req, ctx, **fixed) -> NewsFilters:
    require(ctx, News, "read")
    return NewsFilters(
        scope=news_feed.reach(ctx.app, ctx.actor), only_preview=qp.flag(req, "only_preview"),
        task_type_id=qp.an_id(req, "task_type_id"), task_status_id=qp.an_id(req, "task_status_id"),
        author_id=qp.an_id(req, "person_id"), episode_id=qp.an_id(req, "episode_id"),
        after=qp.moment(req, "after"), before=qp.moment(req, "before"), **fixed)


def _feed(req, filters: NewsFilters) -> dict:
    number = qp.integer(req, "page", 1, 1)
    limit = qp.integer(req, "limit", 50, 1)
    found = news_feed.page(filters, number, limit)
    found["stats"] = news_feed.stats(filters)
    return found


def open_projects(ctx):
    """Subquery: the open productions the actor reaches (every open one for admins)."""

    return open_project_ids(*ctx.app.scope(ctx.actor, Project, "read"))


class ProjectNewsResource:
    def on_get(self, req, resp, project_id):
        ctx = context(req)
        project = one(ctx, Project, project_id, relations=False)
        resp.media = _feed(req, _filters(req, ctx, project_id=project["id"]))


class OpenProjectsNewsResource:
    def on_get(self, req, resp):
        ctx = context(req)
        projects = open_projects(ctx)
        wanted = qp.an_id(req, "project_id")
        if wanted is not None and projects.where(Project.id == wanted).exists():
            projects = [wanted]
        resp.media = _feed(req, _filters(req, ctx, project_ids=projects))


class NewsItemResource:
    def on_get(self, req, resp, project_id, news_id):
        ctx = context(req)
        project = one(ctx, Project, project_id, relations=False)
        require(ctx, News, "read-one", row={"project_id": project["id"]})
        news = parse_id(news_id)
        filters = NewsFilters(scope=news_feed.reach(ctx.app, ctx.actor), project_id=project["id"], news_id=news)
        found = news_feed.page(filters, 1, 1)["data"]
        if not found:
            raise NotFound(f"News {news} not found.")
        resp.media = found[0]


class EntityNewsResource:
    def on_get(self, req, resp, entity_id):
        ctx = context(req)
        entity = one(ctx, Entity, entity_id, relations=False)
        require(ctx, News, "read")
        filters = NewsFilters(scope=news_feed.reach(ctx.app, ctx.actor), entity_id=entity["id"])
        resp.media = news_feed.page(filters, 1, 2000)


def routes() -> list[Route]:
    tags = ("data",)
    return [
        Route("/data/projects/news", OpenProjectsNewsResource(), tags=tags, operations={"GET": Operation(
            summary="News of the open productions the actor belongs to (admins: every open one)",
            description=f"`project_id` narrows to one of them. {FILTERS}", response_schema=PAGE)}),
        Route("/data/projects/{project_id}/news", ProjectNewsResource(), tags=tags, operations={"GET": Operation(
            summary="A production's news feed, newest first, with per-status stats",
            description=f"Clients see the news of comments shown to clients, vendors those of their tasks. {FILTERS}",
            response_schema=PAGE)}),
        Route("/data/projects/{project_id}/news/{news_id}", NewsItemResource(), tags=tags, operations={"GET": Operation(
            summary="One news item of a production (not for vendors)", response_schema=ITEM)}),
        Route("/data/entities/{entity_id}/news", EntityNewsResource(), tags=tags, operations={"GET": Operation(
            summary="The news of an entity's tasks (up to 2000, newest first)", response_schema=ENTITY_PAGE)}),
    ]
