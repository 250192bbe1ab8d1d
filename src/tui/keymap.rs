//! Keys: one table drives dispatch, the footer hints and the `?` help overlay, so what is shown
//! is what is bound.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::lang::{Lang, Tr};

/// Where a key is pressed. The app passes a chain, most specific first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ctx {
    /// Everywhere outside text entry and dialogs.
    Global,
    /// Any table.
    Table,
    /// The 党员 tab.
    Members,
    /// Tabs that show one year at a time.
    Yearly,
    /// The 三会一课 tab.
    Meetings,
    /// The 学习 tab.
    Study,
    /// The 待办 tab.
    Dashboard,
    /// A table with a detail pane that scrolls.
    Detail,
    /// The 评议 tab (every sub-view).
    Evaluation,
    /// The 评议 tab's evaluation sheet.
    Sheet,
    /// Typing a table filter.
    Filter,
    /// Any form field.
    Form,
    /// A single-line text field.
    FormText,
    /// A choice field (one of several).
    FormChoice,
    /// A set of options.
    FormMulti,
    /// A member picker (type to search).
    FormPick,
    /// A multi-line text field.
    FormNotes,
    /// The attendance list inside the meeting form.
    Roster,
    /// A jump in the attendance list begun by typing: the list's keys still act.
    Jump,
    /// A one-line prompt (a leave reason, a guest's name).
    Prompt,
    /// A yes/no question.
    Confirm,
    /// The help overlay.
    Help,
    /// The party-group dialog.
    Groups,
    /// A read-only list shown over a tab (a member's credited activities).
    Popup,
    /// The 党费 tab's month grid.
    Dues,
    /// Collection day (党费): mark who paid, type a different sum.
    Collection,
    /// The yearly dues calibration sheet: type bases.
    Calibration,
    /// The 承诺 tab, every view.
    Pledges,
    /// Its pledges view.
    PledgeList,
    /// Its pairings and posts view.
    LinkList,
    /// Its care view.
    CareList,
    /// The masses' evaluation of a pledge just fulfilled.
    Evaluate,
    /// A record's history.
    History,
    /// The 流动 tab.
    Mobile,
    /// The 流动 tab's incoming members (流入).
    Incoming,
}

impl Ctx {
    pub fn title(self) -> Tr {
        match self {
            Ctx::Global => ("全局", "Everywhere"),
            Ctx::Table => ("表格", "Tables"),
            Ctx::Members => ("党员", "Members"),
            Ctx::Yearly => ("按年查看", "Yearly views"),
            Ctx::Meetings => ("三会一课", "Meetings"),
            Ctx::Study => ("学习", "Study"),
            Ctx::Detail => ("详情栏", "Detail pane"),
            Ctx::Evaluation => ("评议", "Evaluation"),
            Ctx::Sheet => ("民主评议表", "Evaluation sheet"),
            Ctx::Dashboard => ("待办", "To do"),
            Ctx::Filter => ("筛选", "Filter"),
            Ctx::Form => ("表单", "Forms"),
            Ctx::FormText => ("文本栏", "Text fields"),
            Ctx::FormChoice => ("选项栏", "Choice fields"),
            Ctx::FormMulti => ("多选栏", "Multi-choice fields"),
            Ctx::FormPick => ("选人栏", "Member pickers"),
            Ctx::FormNotes => ("多行文本", "Multi-line text"),
            Ctx::Roster => ("出席名单", "Attendance list"),
            Ctx::Jump => ("名单中跳转", "Jumping in the list"),
            Ctx::Prompt => ("输入提示", "Prompts"),
            Ctx::Confirm => ("确认", "Confirm"),
            Ctx::Help => ("帮助", "Help"),
            Ctx::Groups => ("党小组", "Party groups"),
            Ctx::Popup => ("明细", "Details"),
            Ctx::Dues => ("党费", "Dues"),
            Ctx::Collection => ("收缴党费", "Collection day"),
            Ctx::Calibration => ("核定党费基数", "Dues calibration"),
            Ctx::Pledges => ("承诺", "Pledges"),
            Ctx::PledgeList => ("承诺列表", "Pledge list"),
            Ctx::LinkList => ("结对与岗位", "Pairings and posts"),
            Ctx::CareList => ("关怀帮扶", "Care for members"),
            Ctx::Evaluate => ("群众评价", "Evaluation"),
            Ctx::History => ("修改记录", "History"),
            Ctx::Mobile => ("流动党员（外出）", "Mobile members (away)"),
            Ctx::Incoming => ("流入党员", "Incoming members"),
        }
    }
}

/// What the user asked for. Keys map to the variants without data; the others come from
/// typing, pasting, or a confirmed question (a `Confirm` carries the `Msg` to run on yes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    Quit,
    NextTab,
    PrevTab,
    GotoTab(u8),
    Help,
    Settings,
    Groups,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    Filter,
    /// Esc on a table: drop the filter kept with Enter.
    ClearFilter,
    New,
    Open,
    Delete,
    ToggleArchived,
    PrevYear,
    NextYear,
    SortNext,
    SortReverse,
    BehindOnly,
    /// Scroll the detail pane.
    DetailDown,
    DetailUp,
    NewStudy,
    /// The year's 光荣在党50年 list and the date it was reported.
    Honours,
    /// A new meeting like the selected one (kinds, group, topic, place, host, recorder, lecturer).
    Copy,
    /// The year's required meetings as planned meetings (asks first).
    PlanYear,
    /// Cancel the selected planned meeting (asks the reason).
    CancelMeeting,
    /// 党费: open collection day, the calibration sheet; mark everyone paid.
    Collect,
    Calibrate,
    MarkAll,
    Publish,
    Accept,
    Close,
    NextField,
    PrevField,
    EnterKey,
    Save,
    ChoicePrev,
    ChoiceNext,
    Toggle,
    AttCycle,
    AttPresent,
    AttLeave,
    AttAbsent,
    AttMadeUp,
    AttAllPresent,
    AttCredit,
    AddGuest,
    /// `/` in the attendance list: jump to a member by initials, name or number.
    JumpStart,
    NextMatch,
    PrevMatch,
    Yes,
    No,
    /// A key typed into a text field or filter.
    Input(KeyEvent),
    /// Text pasted (bracketed paste).
    Paste(String),
    /// Confirmed: throw away the open form.
    DiscardForm,
    /// Confirmed: quit although a form has unsaved input.
    QuitNow,
    /// Confirmed: bring an archived member back.
    RestoreMember(i64),
    /// Confirmed: delete a meeting with its attendance.
    DeleteMeeting(i64),
    /// Confirmed: write the year's plan.
    PlanConfirmed(i32),
    /// Confirmed: delete an individual study record.
    DeleteStudy(i64),
    /// Confirmed: delete an empty party group.
    DeleteGroup(i64),
    /// Import a roster from a spreadsheet.
    Import,
    /// Export to a spreadsheet: the 台账 (members tab) or a sign-in sheet (meetings tab).
    Export,
    /// Confirmed: import the previewed roster.
    ImportConfirmed,
    /// After a conflict: throw away the form's input and show the record as saved elsewhere.
    ReloadForm,
    /// Confirmed: save the open form although a value is unusual (e.g. under 18 at admission
    /// before 1956).
    SaveConfirmed,
    /// Show a tab's n-th view (0-based).
    SubView(u8),
    /// Mark the selected pledge fulfilled today, then ask for the evaluation.
    Fulfil,
    /// The masses' evaluation: 1 满意, 2 基本满意, 3 不满意.
    Evaluate(u8),
    /// Not ask the selected member to pledge (or ask again).
    OptOut,
    NewPost,
    /// Flag the selected member as 生活困难 (or not).
    ToggleHardship,
    /// Confirmed: withdraw a pledge.
    WithdrawPledge(i64),
    /// Confirmed: archive a service record, pairing, post or care record.
    ArchiveItem(i64),
    /// A grade key on the evaluation sheet (`None` clears the grade).
    SetGrade(Option<crate::domain::evaluation::Grade>),
    /// The 评议 tab's next sub-view.
    NextView,
    /// Add a rectification item for the selected member.
    NewRectification,
    /// Edit the dates of the year's evaluation round.
    EditRound,
    /// Record the selected member's earliest open rectification item as done.
    FinishRectification,
    /// Enter a party-spirit campaign (or edit the one shown).
    EditCampaign,
    /// Confirmed: delete a talk.
    DeleteTalk(i64),
    /// Confirmed: delete a commendation.
    DeleteCommendation(i64),
    /// Confirmed: delete an incoming mobile member.
    DeleteIncoming(i64),
    /// Go to the 组织处置 of the selected member's six-month dues lapse.
    Dispose,
    /// Undo the last change made in this window (asks first).
    Undo,
    /// Confirmed: undo the step of this batch.
    UndoConfirmed(i64),
    /// The selected record's history.
    History,
    /// Log a contact with the selected member away, dated today.
    LogContact,
    /// Log a report from the selected member away, dated today.
    LogReport,
    /// Log anything else about the selected absence (a change, a notice, a review, an entry).
    LogOther,
}

#[derive(Clone, Copy, Debug)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::NONE }
}
const fn code(code: KeyCode) -> Key {
    Key { code, mods: KeyModifiers::NONE }
}
const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL }
}

pub struct Binding {
    pub ctx: Ctx,
    pub key: Key,
    pub msg: Msg,
    /// Label for the help overlay; `None` for a second key of the same action.
    pub label: Option<Tr>,
    /// Shown in the footer.
    pub hint: bool,
}

const fn b(ctx: Ctx, key: Key, msg: Msg, label: Tr, hint: bool) -> Binding {
    Binding { ctx, key, msg, label: Some(label), hint }
}
/// A second key for an action already labelled.
const fn alt(ctx: Ctx, key: Key, msg: Msg) -> Binding {
    Binding { ctx, key, msg, label: None, hint: false }
}

use Ctx as C;
use KeyCode as K;
use Msg as A;

pub const BINDINGS: &[Binding] = &[
    // 1 to 9 are bound for as many tabs as there may be; help names those there are.
    b(C::Global, k('1'), A::GotoTab(1), ("跳到标签页", "jump to tab"), false),
    alt(C::Global, k('2'), A::GotoTab(2)),
    alt(C::Global, k('3'), A::GotoTab(3)),
    alt(C::Global, k('4'), A::GotoTab(4)),
    alt(C::Global, k('5'), A::GotoTab(5)),
    alt(C::Global, k('6'), A::GotoTab(6)),
    alt(C::Global, k('7'), A::GotoTab(7)),
    alt(C::Global, k('8'), A::GotoTab(8)),
    alt(C::Global, k('9'), A::GotoTab(9)),
    b(C::Global, code(K::Tab), A::NextTab, ("下一标签页", "next tab"), false),
    b(C::Global, code(K::BackTab), A::PrevTab, ("上一标签页", "previous tab"), false),
    b(C::Global, k('s'), A::Settings, ("支部设置", "branch settings"), false),
    b(C::Global, k('z'), A::Groups, ("党小组", "party groups"), false),
    b(C::Global, k('u'), A::Undo, ("撤销", "undo"), true),
    alt(C::Global, ctrl('z'), A::Undo),
    b(C::Global, k('l'), A::History, ("选中记录的修改记录", "the selected record's history"), false),
    b(C::Global, k('?'), A::Help, ("帮助", "help"), true),
    b(C::Global, k('q'), A::Quit, ("退出", "quit"), true),
    alt(C::Global, ctrl('c'), A::Quit),
    alt(C::Global, code(K::F(1)), A::Help),
    b(C::Table, code(K::Down), A::Down, ("下移（j）", "down (j)"), false),
    alt(C::Table, k('j'), A::Down),
    b(C::Table, code(K::Up), A::Up, ("上移（k）", "up (k)"), false),
    alt(C::Table, k('k'), A::Up),
    b(C::Table, code(K::PageDown), A::PageDown, ("下一页", "page down"), false),
    b(C::Table, code(K::PageUp), A::PageUp, ("上一页", "page up"), false),
    b(C::Table, code(K::Home), A::First, ("第一行（g）", "first row (g)"), false),
    alt(C::Table, k('g'), A::First),
    b(C::Table, code(K::End), A::Last, ("最后一行（G）", "last row (G)"), false),
    alt(C::Table, k('G'), A::Last),
    b(C::Table, k('/'), A::Filter, ("筛选", "filter"), true),
    b(C::Table, code(K::Esc), A::ClearFilter, ("清除保留的筛选", "clear a kept filter"), false),
    b(C::Table, k('o'), A::SortNext, ("按下一列排序", "sort by next column"), false),
    b(C::Table, k('O'), A::SortReverse, ("倒序", "reverse order"), false),
    b(C::Members, k('n'), A::New, ("新增", "new"), true),
    b(C::Members, code(K::Enter), A::Open, ("编辑（e）", "edit (e)"), true),
    alt(C::Members, k('e'), A::Open),
    b(C::Members, k('d'), A::Delete, ("归档/恢复", "(un)archive"), true),
    b(C::Members, k('h'), A::ToggleArchived, ("显示已归档", "archived"), true),
    b(C::Members, k('x'), A::NewStudy, ("登记个人学习", "add study record"), false),
    b(C::Members, k('i'), A::Import, ("从 Excel 导入名册", "import a roster (Excel/CSV)"), false),
    b(C::Members, k('t'), A::Export, ("导出年度台账（Excel）", "export the year's records (Excel)"), false),
    b(C::Members, k('r'), A::Honours, ("光荣在党50年名单", "50-years list"), false),
    b(C::Detail, k('J'), A::DetailDown, ("详情向下滚动", "scroll the details down"), false),
    b(C::Detail, k('K'), A::DetailUp, ("详情向上滚动", "scroll the details up"), false),
    b(C::Yearly, k('['), A::PrevYear, ("上一年", "prev year"), true),
    b(C::Yearly, k(']'), A::NextYear, ("下一年", "next year"), false),
    b(C::Meetings, k('n'), A::New, ("新会议", "new"), true),
    b(C::Meetings, code(K::Enter), A::Open, ("编辑（e）", "edit (e)"), true),
    alt(C::Meetings, k('e'), A::Open),
    b(C::Meetings, k('d'), A::Delete, ("删除", "delete"), true),
    b(C::Meetings, k('p'), A::Export, ("导出签到表（Excel）", "export the sign-in sheet (Excel)"), false),
    b(C::Meetings, k('y'), A::PlanYear, ("生成本年会议计划", "plan the year's meetings"), false),
    b(C::Meetings, k('c'), A::Copy, ("照此登记新会议", "log a new one like this"), false),
    b(
        C::Meetings,
        k('x'),
        A::CancelMeeting,
        ("取消计划会议（填写原因）", "cancel a planned meeting (asks why)"),
        false,
    ),
    b(C::Study, code(K::Enter), A::Open, ("明细", "details"), true),
    b(C::Study, k('b'), A::BehindOnly, ("只看落后", "behind"), true),
    b(C::Study, k('n'), A::NewStudy, ("登记个人学习", "add record"), true),
    b(C::Sheet, k('y'), A::SetGrade(Some(crate::domain::evaluation::Grade::Excellent)), ("优秀", "excellent"), true),
    b(C::Sheet, k('h'), A::SetGrade(Some(crate::domain::evaluation::Grade::Qualified)), ("合格", "qualified"), true),
    b(
        C::Sheet,
        k('b'),
        A::SetGrade(Some(crate::domain::evaluation::Grade::BasicallyQualified)),
        ("基本合格", "basic"),
        true,
    ),
    b(
        C::Sheet,
        k('u'),
        A::SetGrade(Some(crate::domain::evaluation::Grade::Unqualified)),
        ("不合格", "unqualified"),
        true,
    ),
    b(C::Sheet, k('x'), A::SetGrade(None), ("清除等次", "clear the grade"), false),
    b(C::Sheet, code(K::Enter), A::Open, ("评议详情（e）", "grading details (e)"), true),
    alt(C::Sheet, k('e'), A::Open),
    b(C::Sheet, k('r'), A::NewRectification, ("添加整改事项", "add a rectification item"), true),
    b(C::Sheet, k('c'), A::FinishRectification, ("整改完成", "rectification done"), false),
    b(C::Sheet, k('p'), A::EditRound, ("评议步骤日期", "the round's dates"), false),
    b(C::Evaluation, k('a'), A::EditCampaign, ("党性分析评议（新建/修改）", "party-spirit campaign"), false),
    b(C::Evaluation, k('v'), A::NextView, ("切换：评议表/谈话/党性分析/处置/表彰", "switch view"), true),
    b(C::Evaluation, k('n'), A::New, ("新增", "new"), true),
    b(C::Evaluation, code(K::Enter), A::Open, ("编辑（e）", "edit (e)"), false),
    alt(C::Evaluation, k('e'), A::Open),
    b(C::Evaluation, k('d'), A::Delete, ("删除谈话或表彰记录", "delete a talk or commendation"), false),
    b(C::Dashboard, code(K::Enter), A::Open, ("去处理", "go and act"), true),
    b(C::Filter, code(K::Enter), A::Accept, ("保留筛选", "keep filter"), true),
    b(C::Filter, code(K::Esc), A::Close, ("清除筛选", "clear filter"), true),
    b(C::Form, code(K::Tab), A::NextField, ("下一栏", "next field"), true),
    alt(C::Form, code(K::Down), A::NextField),
    b(C::Form, code(K::BackTab), A::PrevField, ("上一栏", "previous field"), false),
    alt(C::Form, code(K::Up), A::PrevField),
    b(C::Form, code(K::Enter), A::EnterKey, ("下一栏，末栏保存", "next field, saves on the last"), false),
    b(C::Form, ctrl('s'), A::Save, ("保存", "save"), true),
    b(C::Form, code(K::Esc), A::Close, ("取消", "cancel"), true),
    b(C::Form, ctrl('r'), A::ReloadForm, ("重新载入（放弃本表单的修改）", "reload (drops this form's changes)"), false),
    b(C::Form, ctrl('c'), A::Quit, ("退出（有修改时先确认）", "quit (asks if anything changed)"), false),
    b(C::Form, code(K::F(1)), A::Help, ("帮助", "help"), true),
    b(C::FormChoice, code(K::Right), A::ChoiceNext, ("下一选项（空格）", "next option (Space)"), true),
    alt(C::FormChoice, k(' '), A::ChoiceNext),
    b(C::FormChoice, code(K::Left), A::ChoicePrev, ("上一选项", "previous option"), false),
    b(C::FormChoice, k('?'), A::Help, ("帮助", "help"), false),
    b(C::FormMulti, code(K::Right), A::ChoiceNext, ("移到下一项", "move to the next option"), false),
    b(C::FormMulti, code(K::Left), A::ChoicePrev, ("移到上一项", "move to the previous option"), false),
    b(C::FormMulti, k(' '), A::Toggle, ("选中/取消（或按序号）", "toggle (or its number)"), true),
    b(C::FormMulti, k('?'), A::Help, ("帮助", "help"), false),
    b(C::FormPick, code(K::Right), A::ChoiceNext, ("下一个匹配", "next match"), true),
    b(C::FormPick, code(K::Left), A::ChoicePrev, ("上一个匹配", "previous match"), false),
    b(C::FormNotes, code(K::Tab), A::NextField, ("下一栏", "next field"), true),
    b(C::FormNotes, code(K::BackTab), A::PrevField, ("上一栏", "previous field"), false),
    b(C::FormNotes, ctrl('s'), A::Save, ("保存", "save"), true),
    b(C::FormNotes, code(K::Esc), A::Close, ("取消", "cancel"), true),
    b(
        C::FormNotes,
        ctrl('r'),
        A::ReloadForm,
        ("重新载入（放弃本表单的修改）", "reload (drops this form's changes)"),
        false,
    ),
    b(C::FormNotes, code(K::F(1)), A::Help, ("帮助", "help"), true),
    b(C::Roster, code(K::Down), A::Down, ("下移", "down"), false),
    b(C::Roster, code(K::Up), A::Up, ("上移", "up"), false),
    b(C::Roster, k(' '), A::AttCycle, ("切换", "cycle"), true),
    b(C::Roster, k('p'), A::AttPresent, ("出席", "present"), true),
    b(C::Roster, k('l'), A::AttLeave, ("请假", "leave"), true),
    b(C::Roster, k('x'), A::AttAbsent, ("缺席", "absent"), true),
    b(C::Roster, k('m'), A::AttMadeUp, ("补学", "made up"), true),
    b(C::Roster, k('a'), A::AttAllPresent, ("全到", "all present"), true),
    b(C::Roster, k('c'), A::AttCredit, ("此人学时", "credit"), true),
    b(C::Roster, k('g'), A::AddGuest, ("加列席", "add guest"), true),
    b(C::Roster, k('d'), A::Delete, ("删列席", "drop guest"), true),
    b(
        C::Roster,
        k('/'),
        A::JumpStart,
        // What 80 columns of help show: a first letter that is a key of the list needs `/`.
        (
            "跳到某人（或直接输入；以 p l x m a c g d n 开头先按 /）",
            "jump (or just type); / first for p l x m a c g d n",
        ),
        false,
    ),
    b(C::Roster, k('n'), A::NextMatch, ("下一个匹配", "next match"), false),
    b(C::Roster, k('N'), A::PrevMatch, ("上一个匹配", "previous match"), false),
    b(C::Roster, k('?'), A::Help, ("帮助", "help"), false),
    b(C::Jump, code(K::Enter), A::Accept, ("结束跳转", "end the jump"), true),
    b(C::Jump, code(K::Esc), A::Close, ("取消跳转", "cancel the jump"), true),
    b(C::Prompt, code(K::Enter), A::Accept, ("确定", "OK"), true),
    b(C::Prompt, code(K::Esc), A::Close, ("取消", "cancel"), true),
    b(C::Prompt, code(K::F(1)), A::Help, ("帮助", "help"), false),
    b(C::Confirm, k('y'), A::Yes, ("是", "yes"), true),
    b(C::Confirm, k('n'), A::No, ("否", "no"), true),
    alt(C::Confirm, code(K::Esc), A::No),
    b(C::Help, code(K::Esc), A::Close, ("关闭", "close"), true),
    alt(C::Help, k('?'), A::Close),
    alt(C::Help, k('q'), A::Close),
    b(C::Help, code(K::Down), A::Down, ("向下滚动", "scroll down"), false),
    alt(C::Help, k('j'), A::Down),
    b(C::Help, code(K::Up), A::Up, ("向上滚动", "scroll up"), false),
    alt(C::Help, k('k'), A::Up),
    b(C::Help, code(K::PageDown), A::PageDown, ("向下翻页", "page down"), false),
    b(C::Help, code(K::PageUp), A::PageUp, ("向上翻页", "page up"), false),
    b(C::Help, code(K::Home), A::First, ("到开头", "to the top"), false),
    b(C::Help, code(K::End), A::Last, ("到末尾", "to the end"), false),
    alt(C::Help, code(K::F(1)), A::Close),
    b(C::Groups, code(K::Down), A::Down, ("下移", "down"), false),
    alt(C::Groups, k('j'), A::Down),
    b(C::Groups, code(K::Up), A::Up, ("上移", "up"), false),
    alt(C::Groups, k('k'), A::Up),
    b(C::Groups, k('n'), A::New, ("新建小组", "new group"), true),
    b(C::Groups, code(K::Enter), A::Open, ("改名/设组长（e）", "rename / leader (e)"), true),
    alt(C::Groups, k('e'), A::Open),
    b(C::Groups, k('d'), A::Delete, ("删除空小组", "delete an empty group"), true),
    b(C::Groups, code(K::Esc), A::Close, ("关闭", "close"), true),
    alt(C::Groups, k('q'), A::Close),
    b(C::Groups, k('?'), A::Help, ("帮助", "help"), true),
    alt(C::Groups, code(K::F(1)), A::Help),
    b(C::Popup, code(K::Down), A::Down, ("下移", "down"), false),
    alt(C::Popup, k('j'), A::Down),
    b(C::Popup, code(K::Up), A::Up, ("上移", "up"), false),
    alt(C::Popup, k('k'), A::Up),
    b(C::Popup, code(K::PageDown), A::PageDown, ("下一页", "page down"), false),
    b(C::Popup, code(K::PageUp), A::PageUp, ("上一页", "page up"), false),
    b(C::Popup, code(K::Home), A::First, ("第一行（g）", "first row (g)"), false),
    alt(C::Popup, k('g'), A::First),
    b(C::Popup, code(K::End), A::Last, ("最后一行（G）", "last row (G)"), false),
    alt(C::Popup, k('G'), A::Last),
    b(C::Popup, k('e'), A::Open, ("修改个人学习记录（Enter）", "edit a study record (Enter)"), true),
    alt(C::Popup, code(K::Enter), A::Open),
    b(C::Popup, k('d'), A::Delete, ("删除个人学习记录", "delete a study record"), true),
    b(C::Popup, k('l'), A::History, ("个人学习记录的修改记录", "the study record's history"), false),
    b(C::Popup, code(K::Esc), A::Close, ("关闭", "close"), true),
    alt(C::Popup, k('q'), A::Close),
    b(C::Popup, k('?'), A::Help, ("帮助", "help"), true),
    alt(C::Popup, code(K::F(1)), A::Help),
    b(C::Dues, k('c'), A::Collect, ("收缴党费（本月）", "collection day (this month)"), true),
    b(C::Dues, k('k'), A::Calibrate, ("核定基数", "calibrate"), true),
    b(C::Dues, k('n'), A::New, ("登记党费（补交、按季）", "record a payment"), true),
    b(C::Dues, code(K::Enter), A::Open, ("类别与减免（e）", "category and relief (e)"), false),
    alt(C::Dues, k('e'), A::Open),
    b(C::Dues, k('u'), A::Publish, ("公布收缴情况", "record the publication"), false),
    b(C::Dues, k('x'), A::Dispose, ("组织处置（连续六个月未交）", "disposal (six months unpaid)"), false),
    b(C::Collection, code(K::Down), A::Down, ("下移（j）", "down (j)"), false),
    alt(C::Collection, k('j'), A::Down),
    b(C::Collection, code(K::Up), A::Up, ("上移（k）", "up (k)"), false),
    alt(C::Collection, k('k'), A::Up),
    b(C::Collection, code(K::PageDown), A::PageDown, ("下一页", "page down"), false),
    b(C::Collection, code(K::PageUp), A::PageUp, ("上一页", "page up"), false),
    b(C::Collection, code(K::Home), A::First, ("第一行（g）", "first row (g)"), false),
    alt(C::Collection, k('g'), A::First),
    b(C::Collection, code(K::End), A::Last, ("最后一行（G）", "last row (G)"), false),
    alt(C::Collection, k('G'), A::Last),
    b(C::Collection, k(' '), A::Toggle, ("已交（按核定额）/取消", "paid (calibrated sum) / undo"), true),
    b(C::Collection, k('a'), A::MarkAll, ("全部已交", "mark all paid"), true),
    b(C::Collection, k('['), A::PrevYear, ("上一月", "previous month"), false),
    b(C::Collection, k(']'), A::NextYear, ("下一月", "next month"), false),
    b(C::Collection, ctrl('s'), A::Save, ("保存（输入数字可改金额）", "save (type digits for another sum)"), true),
    b(C::Collection, code(K::Esc), A::Close, ("关闭", "close"), true),
    b(C::Collection, k('?'), A::Help, ("帮助", "help"), true),
    alt(C::Collection, code(K::F(1)), A::Help),
    b(C::Calibration, code(K::Down), A::Down, ("下移", "down"), false),
    alt(C::Calibration, code(K::Enter), A::Down),
    b(C::Calibration, code(K::Up), A::Up, ("上移", "up"), false),
    b(C::Calibration, code(K::Right), A::ChoiceNext, ("换类别", "next category"), true),
    b(C::Calibration, code(K::Left), A::ChoicePrev, ("上一类别", "previous category"), false),
    b(C::Calibration, ctrl('s'), A::Save, ("全部保存（输入数字改基数）", "save all (type the base)"), true),
    b(C::Calibration, code(K::Esc), A::Close, ("关闭", "close"), true),
    b(C::Calibration, k('?'), A::Help, ("帮助", "help"), true),
    alt(C::Calibration, code(K::F(1)), A::Help),
    b(C::Pledges, k('n'), A::New, ("新增", "new"), true),
    b(C::Pledges, code(K::Enter), A::Open, ("编辑（e）", "edit (e)"), true),
    alt(C::Pledges, k('e'), A::Open),
    b(C::PledgeList, k('f'), A::Fulfil, ("兑现并评价", "fulfil"), true),
    b(C::Pledges, k('d'), A::Delete, ("撤销/归档", "withdraw/archive"), true),
    b(C::Pledges, k('p'), A::SubView(0), ("承诺", "pledges"), false),
    b(C::Pledges, k('v'), A::SubView(1), ("联系服务", "service records"), false),
    b(C::Pledges, k('b'), A::SubView(2), ("结对与岗位", "pairings and posts"), false),
    b(C::Pledges, k('c'), A::SubView(3), ("关怀帮扶", "care for members"), false),
    b(C::PledgeList, k('x'), A::OptOut, ("本人不要求承诺/恢复", "not asked to pledge / ask again"), false),
    b(C::LinkList, k('t'), A::NewPost, ("新增设岗定责", "new post"), true),
    b(C::CareList, k('h'), A::ToggleHardship, ("标记/取消生活困难党员", "flag / unflag hardship"), true),
    b(C::Evaluate, k('1'), A::Evaluate(1), ("满意", "satisfied"), true),
    b(C::Evaluate, k('2'), A::Evaluate(2), ("基本满意", "fair"), true),
    b(C::Evaluate, k('3'), A::Evaluate(3), ("不满意", "dissatisfied"), true),
    b(C::Evaluate, code(K::Esc), A::Close, ("以后再评", "later"), true),
    b(C::Evaluate, k('?'), A::Help, ("帮助", "help"), true),
    alt(C::Evaluate, code(K::F(1)), A::Help),
    b(C::History, code(K::Down), A::Down, ("向下滚动", "scroll down"), false),
    alt(C::History, k('j'), A::Down),
    b(C::History, code(K::Up), A::Up, ("向上滚动", "scroll up"), false),
    alt(C::History, k('k'), A::Up),
    b(C::History, code(K::PageDown), A::PageDown, ("向下翻页", "page down"), false),
    b(C::History, code(K::PageUp), A::PageUp, ("向上翻页", "page up"), false),
    b(C::History, code(K::Esc), A::Close, ("关闭", "close"), true),
    alt(C::History, k('q'), A::Close),
    alt(C::History, k('l'), A::Close),
    b(C::Mobile, k('n'), A::New, ("登记外出", "new"), true),
    b(C::Mobile, code(K::Enter), A::Open, ("外出记录（e）", "open (e)"), true),
    alt(C::Mobile, k('e'), A::Open),
    b(C::Mobile, k('c'), A::LogContact, ("记录联系（今天）", "contact (today)"), true),
    b(C::Mobile, k('r'), A::LogReport, ("记录汇报（今天）", "report (today)"), true),
    b(C::Mobile, k('v'), A::NextView, ("看流入党员", "incoming"), true),
    b(
        C::Mobile,
        k('a'),
        A::LogOther,
        ("记其他（变更/通知/年审/流入地记载）", "log other (change, notice, review, entry)"),
        false,
    ),
    b(C::Mobile, k('h'), A::ToggleArchived, ("显示已返回的/只看在外的", "show returned / only away"), false),
    b(C::Incoming, k('n'), A::New, ("登记流入党员", "new incoming member"), true),
    b(C::Incoming, k('v'), A::NextView, ("看外出党员", "away"), true),
    b(C::Incoming, code(K::Enter), A::Open, ("修改（e）", "edit (e)"), true),
    alt(C::Incoming, k('e'), A::Open),
    b(C::Incoming, k('d'), A::Delete, ("删除", "delete"), false),
    b(
        C::Incoming,
        k('h'),
        A::ToggleArchived,
        ("显示已离开的/只看在本支部的", "show those who left / only here"),
        false,
    ),
];

fn same_key(key: &Key, ev: &KeyEvent) -> bool {
    // Shift is part of the character for letters and symbols ('G', '?', '['), so it is ignored
    // there; control and alt must match.
    let mods = ev.modifiers & !KeyModifiers::SHIFT;
    let want = key.mods & !KeyModifiers::SHIFT;
    match (key.code, ev.code) {
        (KeyCode::Char(a), KeyCode::Char(b)) => a == b && mods == want,
        (KeyCode::BackTab, KeyCode::BackTab) => true,
        (a, b) => a == b && mods == want,
    }
}

/// The message bound to `ev` in the first context of `chain` that binds it.
pub fn resolve(chain: &[Ctx], ev: &KeyEvent) -> Option<Msg> {
    chain.iter().find_map(|ctx| BINDINGS.iter().find(|b| b.ctx == *ctx && same_key(&b.key, ev)).map(|b| b.msg.clone()))
}

/// How a key is written in hints and help.
pub fn key_name(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::Up => "Up".into(),
        KeyCode::Down => "Down".into(),
        KeyCode::Left => "Left".into(),
        KeyCode::Right => "Right".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if key.mods.contains(KeyModifiers::CONTROL) { format!("Ctrl-{}", base.to_uppercase()) } else { base }
}

/// Footer hints for a context chain: (key, label, action), most specific first, one per action.
/// A key that a more specific context binds to something else (`u` on the evaluation sheet) is
/// shown by the action's other key (`Ctrl-Z`), or not at all.
pub fn hints(chain: &[Ctx], lang: Lang) -> Vec<(String, &'static str, Msg)> {
    let mut seen: Vec<&Msg> = Vec::new();
    let mut out = Vec::new();
    for (i, ctx) in chain.iter().enumerate() {
        let shadowed = |key: &Key| {
            let ev = KeyEvent::new(key.code, key.mods);
            chain[..i].iter().any(|c| BINDINGS.iter().any(|o| o.ctx == *c && same_key(&o.key, &ev)))
        };
        for b in BINDINGS.iter().filter(|b| b.ctx == *ctx && b.hint) {
            if seen.contains(&&b.msg) {
                continue;
            }
            seen.push(&b.msg);
            let key =
                BINDINGS.iter().filter(|o| o.ctx == *ctx && o.msg == b.msg).map(|o| &o.key).find(|k| !shadowed(k));
            if let (Some(label), Some(key)) = (b.label, key) {
                out.push((key_name(key), lang.t(label), b.msg.clone()));
            }
        }
    }
    out
}

/// One section of the help overlay: a context, its title, and its keys with their labels.
pub type HelpSection = (Ctx, Tr, Vec<(String, &'static str)>);

/// The help overlay's content: each context with its keys (all keys of an action together);
/// the number keys as `1-N` for the `tabs` there are.
pub fn help(lang: Lang, tabs: usize) -> Vec<HelpSection> {
    let mut ctxs: Vec<Ctx> = Vec::new();
    for b in BINDINGS {
        if !ctxs.contains(&b.ctx) {
            ctxs.push(b.ctx);
        }
    }
    ctxs.into_iter()
        .map(|ctx| {
            let mut rows: Vec<(String, &'static str)> = Vec::new();
            for b in BINDINGS.iter().filter(|b| b.ctx == ctx) {
                let Some(label) = b.label else { continue };
                let keys: Vec<String> = BINDINGS
                    .iter()
                    .filter(|o| o.ctx == ctx && o.msg == b.msg && !matches!(o.msg, Msg::GotoTab(_)))
                    .map(|o| key_name(&o.key))
                    .collect();
                let keys = if keys.is_empty() { format!("1-{}", tabs.clamp(1, 9)) } else { keys.join(" ") };
                rows.push((keys, lang.t(label)));
            }
            (ctx, ctx.title(), rows)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                let ev = KeyEvent::new(b.key.code, b.key.mods);
                assert!(!(a.ctx == b.ctx && same_key(&a.key, &ev)), "{:?} binds {} twice", a.ctx, key_name(&a.key));
            }
        }
    }

    #[test]
    fn every_action_has_a_label_in_its_context() {
        // 1..9 share one label.
        let same = |a: &Msg, b: &Msg| a == b || matches!((a, b), (Msg::GotoTab(_), Msg::GotoTab(_)));
        for b in BINDINGS {
            assert!(
                BINDINGS.iter().any(|o| o.ctx == b.ctx && same(&o.msg, &b.msg) && o.label.is_some()),
                "{:?} {:?} has no label",
                b.ctx,
                b.msg
            );
        }
    }

    #[test]
    fn undo_keeps_the_keys_bound_before_it_and_ctrl_z_works_there() {
        let u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::NONE);
        let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
        let members = [Ctx::Members, Ctx::Table, Ctx::Global];
        assert_eq!(resolve(&members, &u), Some(Msg::Undo));
        let sheet = [Ctx::Sheet, Ctx::Evaluation, Ctx::Yearly, Ctx::Table, Ctx::Global];
        assert!(matches!(resolve(&sheet, &u), Some(Msg::SetGrade(_))), "u stays a grade key on the sheet");
        assert_eq!(resolve(&sheet, &ctrl_z), Some(Msg::Undo));
        let dues = [Ctx::Dues, Ctx::Yearly, Ctx::Table, Ctx::Global];
        assert_eq!(resolve(&dues, &u), Some(Msg::Publish));
        assert_eq!(resolve(&dues, &ctrl_z), Some(Msg::Undo));
        // The footer names the key that undoes there.
        let undo = |chain: &[Ctx]| hints(chain, Lang::Zh).into_iter().find(|(_, l, _)| *l == "撤销").map(|h| h.0);
        assert_eq!(undo(&members).as_deref(), Some("u"));
        assert_eq!(undo(&sheet).as_deref(), Some("Ctrl-Z"));
        assert_eq!(undo(&dues).as_deref(), Some("Ctrl-Z"));
        // Typing and forms never undo: their contexts do not reach the global keys.
        assert_eq!(resolve(&[Ctx::FormText, Ctx::Form], &u), None);
    }

    #[test]
    fn the_most_specific_context_wins() {
        let down = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
        assert_eq!(resolve(&[Ctx::Roster, Ctx::Form], &down), Some(Msg::Down));
        assert_eq!(resolve(&[Ctx::FormText, Ctx::Form], &down), Some(Msg::NextField));
        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(resolve(&[Ctx::FormText, Ctx::Form], &q), None, "q types into a text field");
        assert_eq!(resolve(&[Ctx::Members, Ctx::Table, Ctx::Global], &q), Some(Msg::Quit));
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(resolve(&[Ctx::Table], &shift_g), Some(Msg::Last));
    }
}
