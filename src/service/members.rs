//! Member and party-group use cases.

use crate::domain::ids::IdMap;

use super::search::SearchKey;
use super::{Record, Result, Service, ServiceError, Version};
use crate::domain::member::{
    Archive, Member, MemberDraft, PartyGroup, field, validate_archive, validate_group_name, validate_member,
};
use crate::domain::validation::{FieldError, Problem};
use crate::store::expect_version;
use crate::store::members as db;

/// A member of the cached member list, shared rather than copied: a large branch's members
/// tab would otherwise hold a third copy of every member (besides the list as stored and as
/// the records see it).
#[derive(Clone, Debug)]
pub struct MemberRef {
    list: std::rc::Rc<Vec<Member>>,
    index: usize,
}

impl std::ops::Deref for MemberRef {
    type Target = Member;

    fn deref(&self) -> &Member {
        &self.list[self.index]
    }
}

/// A member as the lists show it.
#[derive(Clone, Debug)]
pub struct MemberItem {
    pub member: MemberRef,
    pub group: Option<String>,
    /// 党小组长: the member leads their party group.
    pub leads_group: bool,
    pub key: SearchKey,
    /// 民主评议 grades, newest year first.
    pub grades: Vec<(i32, crate::domain::evaluation::Grade)>,
}

/// A party group with its size, for the groups dialog.
#[derive(Clone, Debug)]
pub struct GroupItem {
    pub group: PartyGroup,
    pub leader: Option<String>,
    pub members: usize,
}

impl Service {
    /// Every member, archived ones included.
    pub fn members(&self) -> Result<Vec<Member>> {
        Ok(self.member_list()?.as_ref().clone())
    }

    pub fn member(&self, id: i64) -> Result<Member> {
        Ok(db::get(self.store().conn(), id)?)
    }

    pub fn member_count(&self) -> Result<i64> {
        Ok(db::count(self.store().conn())?)
    }

    /// Members with what the lists show beside them.
    pub fn member_items(&self) -> Result<Vec<MemberItem>> {
        let groups = self.groups()?;
        let names: IdMap<i64, &PartyGroup> = groups.iter().map(|g| (g.id, g)).collect();
        let mut grades = crate::store::evaluation::all_grades(self.store().conn())?;
        let list = self.member_list()?;
        Ok(list
            .iter()
            .enumerate()
            .map(|(index, m)| {
                let g = m.draft.group_id.and_then(|id| names.get(&id));
                MemberItem {
                    group: g.map(|g| g.name.clone()),
                    leads_group: g.is_some_and(|g| g.leader_id == Some(m.id)),
                    key: SearchKey::new(&m.draft.name, &m.number),
                    grades: grades.remove(&m.id).unwrap_or_default(),
                    member: MemberRef { list: list.clone(), index },
                }
            })
            .collect())
    }

    pub fn groups(&self) -> Result<Vec<PartyGroup>> {
        Ok(db::list_groups(self.store().conn())?)
    }

    /// Groups with their leader's name and active member count.
    pub fn group_items(&self) -> Result<Vec<GroupItem>> {
        let members = self.member_list()?;
        Ok(self
            .groups()?
            .into_iter()
            .map(|g| GroupItem {
                leader: g
                    .leader_id
                    .and_then(|id| members.iter().find(|m| m.id == id))
                    .map(|m| m.draft.name.to_string()),
                members: members.iter().filter(|m| !m.is_archived() && m.draft.group_id == Some(g.id)).count(),
                group: g,
            })
            .collect())
    }

    fn check_group_exists(&self, d: &MemberDraft) -> Result<()> {
        if let Some(g) = d.group_id
            && db::get_group(self.store().conn(), g).is_err()
        {
            return Err(ServiceError::Invalid(vec![FieldError::rule(
                field::GROUP,
                "该党小组已不存在",
                "that party group no longer exists",
            )]));
        }
        Ok(())
    }

    /// Another member in the branch (not `except`) with this name: adding or renaming to it asks
    /// for confirmation, and the two are shown with their numbers.
    pub fn name_in_use(&self, name: &str, except: Option<i64>) -> Result<Option<Member>> {
        let today = self.today();
        Ok(self
            .member_list()?
            .iter()
            .find(|m| Some(m.id) != except && m.branch_end().is_none_or(|e| e >= today) && m.draft.name == name.trim())
            .cloned())
    }

    /// Adds a member, entered today; returns the new id.
    pub fn create_member(&mut self, d: &MemberDraft) -> Result<i64> {
        self.create_member_entered(d, self.today())
    }

    /// Adds a member as entered on `entered_on` (a roster taken over when the records began);
    /// returns the new id. A member entered after the records begin, with no 转入日期, counts
    /// from that day (see `Member::as_recorded_from`).
    pub fn create_member_entered(&mut self, d: &MemberDraft, entered_on: chrono::NaiveDate) -> Result<i64> {
        validate_member(d, self.today())?;
        self.check_group_exists(d)?;
        let entered_on = entered_on.min(self.today());
        self.one_step(|s| {
            s.first_member_fixes_records_from()?;
            Ok(s.store_mut().write(|tx| db::insert(tx, d, entered_on))?)
        })
    }

    /// A new file's first member fixes the 台账起始日 (default: 1 January of this year), so
    /// that it is never guessed from records that may later be deleted.
    pub(crate) fn first_member_fixes_records_from(&mut self) -> Result<()> {
        if self.settings().records_from.is_none() && db::count(self.store().conn())? == 0 {
            let from = crate::domain::dates::year_start(chrono::Datelike::year(&self.today()));
            self.reload_settings()?;
            let seen = self.version(Record::Settings)?;
            let s = crate::domain::settings::Settings { records_from: Some(from), ..self.settings().clone() };
            self.save_settings(s, seen)?;
        }
        Ok(())
    }

    /// Saves an edited member. A group leader who moves to another group stops leading the old one.
    /// `seen` is the member's version when the form opened ([`Service::version`]).
    pub fn update_member(&mut self, id: i64, d: &MemberDraft, seen: Version) -> Result<()> {
        validate_member(d, self.today())?;
        self.check_group_exists(d)?;
        let before = self.member(id)?;
        self.store_mut().write(|tx| {
            expect_version(tx, Record::Member(id), seen)?;
            if before.draft.group_id != d.group_id {
                db::release_leadership(tx, id)?;
            }
            db::update(tx, id, d)
        })?;
        Ok(())
    }

    /// Archives a member (转出, 去世, 其他): hidden from the lists, never deleted.
    pub fn archive_member(&mut self, id: i64, a: &Archive) -> Result<()> {
        let m = self.member(id)?;
        validate_archive(&m, a, self.today())?;
        self.store_mut().write(|tx| {
            db::release_leadership(tx, id)?;
            db::set_archive(tx, id, Some(a))
        })?;
        Ok(())
    }

    /// Brings an archived member back to the active list.
    pub fn restore_member(&mut self, id: i64) -> Result<()> {
        if !self.member(id)?.is_archived() {
            return Ok(());
        }
        self.store_mut().write(|tx| db::set_archive(tx, id, None))?;
        Ok(())
    }

    fn check_group(&self, id: Option<i64>, name: &str, leader: Option<i64>) -> Result<()> {
        validate_group_name(name)?;
        if db::group_name_taken(self.store().conn(), name, id)? {
            return Err(ServiceError::Invalid(vec![FieldError::new(
                field::GROUP_NAME,
                Problem::Text {
                    zh: format!("已有名为「{}」的党小组", name.trim()),
                    en: format!("a group named {} exists", name.trim()),
                },
            )]));
        }
        if let Some(l) = leader {
            let m = self.member(l)?;
            if m.is_archived() || m.draft.group_id != id || id.is_none() {
                return Err(ServiceError::Invalid(vec![FieldError::rule(
                    field::GROUP_LEADER,
                    "组长须是本组在册党员",
                    "the leader must be an active member of this group",
                )]));
            }
        }
        Ok(())
    }

    pub fn create_group(&mut self, name: &str, leader: Option<i64>) -> Result<i64> {
        self.check_group(None, name, leader)?;
        Ok(self.store_mut().write(|tx| db::insert_group(tx, name, leader))?)
    }

    /// `seen` is the group's version when its form opened.
    pub fn update_group(&mut self, id: i64, name: &str, leader: Option<i64>, seen: Version) -> Result<()> {
        self.check_group(Some(id), name, leader)?;
        Ok(self.store_mut().write(|tx| {
            expect_version(tx, Record::Group(id), seen)?;
            db::update_group(tx, id, name, leader)
        })?)
    }

    /// Deletes a group nobody belongs to and no record names.
    pub fn delete_group(&mut self, id: i64) -> Result<()> {
        let in_use = self.member_list()?.iter().any(|m| m.draft.group_id == Some(id));
        if in_use {
            return Err(ServiceError::Invalid(vec![FieldError::rule(
                field::GROUP_NAME,
                "组内还有党员（含已归档），不能删除；请先把他们调到其他小组",
                "the group still has members (archived included); move them first",
            )]));
        }
        self.store_mut().write(|tx| db::delete_group(tx, id)).map_err(|e| match e {
            crate::store::StoreError::Constraint(_) => ServiceError::Invalid(vec![FieldError::rule(
                field::GROUP_NAME,
                "有会议记录引用该党小组，不能删除",
                "meetings refer to this group; it cannot be deleted",
            )]),
            other => other.into(),
        })
    }
}
