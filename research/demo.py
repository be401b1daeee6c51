"""Demo research projects: a few dozen enquiries across the demo schools.

Idempotent: a project is recognised by its title (its slug) and left alone once it
exists. Projects go through the services, so their HTML, search document and status
history are real; collaborators and feedback are written directly so that seeding
sends no email.
"""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.text import slugify

from partnership.writing import render_markdown
from research import services
from research.models import Collaborator, Feedback, Project
from schools.models import School, Staff, Subject, User

DEMO_TEACHER = "teacher@riverside-primary.example"
S = Project.Status
V = Project.Visibility

# title, school, subjects, phase, key stages, year groups, tags, status, visibility,
# starts, and the writing. Schools are the demo partnership's (see partnership/demo.py).
PROJECTS = [
    {
        "title": "Talk partners and sentence stems in Year 5 writing",
        "school": "Riverside Primary School",
        "lead": DEMO_TEACHER,
        "subjects": ["English", "Writing"],
        "phase": "primary",
        "key_stages": "KS2",
        "year_groups": "Year 5",
        "tags": "oracy, writing, sentence stems",
        "status": S.COMPLETED,
        "visibility": V.PUBLIC,
        "starts": date(2025, 9, 8),
        "ends": date(2026, 2, 13),
        "question": "Does structured talk with sentence stems before writing improve the "
        "cohesion of Year 5 pupils' explanatory writing?",
        "context": "Our Year 5 writing moderation showed that pupils could generate "
        "ideas but rarely linked them: paragraphs read as lists. Disadvantaged pupils "
        "in particular wrote less than they could say.",
        "intervention": "Before each extended write, pupils rehearsed their explanation "
        "orally with a talk partner for ten minutes, using a card of sentence stems "
        "(*As a result…*, *This means that…*, *However…*). The stems were modelled by "
        "the teacher and withdrawn over six weeks.",
        "methods": "- Writing samples from three units, scored against a cohesion "
        "rubric agreed with a partner school\n- A short pupil attitude survey, "
        "before and after\n- Lesson observation notes focused on talk",
        "findings": "The share of paragraphs using a causal connective rose from 31% "
        "to 68% across the class. Pupils eligible for the pupil premium made the "
        "largest gains in cohesion scores. Oral rehearsal also lengthened writing: the "
        "median piece grew from 180 to 260 words. Without stems, pupils kept using the "
        "connectives they had rehearsed aloud, which suggests the talk, not the card, "
        "did most of the work.",
        "impact": "Talk partners before writing are now routine across Key Stage 2. "
        "Next, we will test whether the same routine helps in science write-ups.",
        "references": "- Education Endowment Foundation (2021) *Oral language "
        "interventions*, Teaching and Learning Toolkit\n- Mercer, N. and Hodgkinson, S. "
        "(2008) *Exploring Talk in School*",
    },
    {
        "title": "Book talk and reading for pleasure in upper Key Stage 2",
        "school": "Riverside Primary School",
        "lead": DEMO_TEACHER,
        "subjects": ["Reading", "English"],
        "phase": "primary",
        "key_stages": "KS2",
        "year_groups": "Years 5 and 6",
        "tags": "reading for pleasure, book talk",
        "status": S.IN_PROGRESS,
        "visibility": V.PARTNERSHIP,
        "starts": date(2026, 1, 5),
        "question": "Do weekly informal book talk sessions increase how often Year 5 "
        "and 6 pupils choose to read at home?",
        "context": "Reading logs show that a third of our older pupils read at home "
        "less than once a week, although their decoding is secure.",
        "intervention": "A weekly 20-minute book talk: no worksheets, pupils and adults "
        "recommend books to each other; a class shelf is refreshed from the library.",
        "methods": "Reading frequency survey (autumn and summer), library loan data, "
        "and short pupil voice interviews with anonymised notes.",
        "findings": "",
    },
    {
        "title": "Retrieval practice quizzes in Year 8 science",
        "school": "Riverside Academy",
        "subjects": ["Science", "Biology"],
        "phase": "secondary",
        "key_stages": "KS3",
        "year_groups": "Year 8",
        "tags": "retrieval practice, memory, low-stakes quizzing",
        "status": S.COMPLETED,
        "visibility": V.PUBLIC,
        "starts": date(2024, 9, 9),
        "ends": date(2025, 3, 28),
        "question": "Do low-stakes retrieval quizzes at the start of lessons improve "
        "Year 8 pupils' long-term recall of science content?",
        "context": "End-of-year tests showed that pupils forgot most of the autumn "
        "content by the summer, even where they had done well in end-of-unit tests.",
        "intervention": "Every lesson opened with a five-question quiz: two questions "
        "from last lesson, two from last month and one from last term. No marks were "
        "recorded; pupils self-checked.",
        "methods": "Two parallel classes: one with the quizzes, one without. Both sat "
        "the same delayed test on autumn content in March.",
        "findings": "The class that did the quizzes scored on average 14 percentage "
        "points higher on the delayed test. The gap was largest for questions from "
        "the earliest units, which is what spaced **retrieval practice** predicts. "
        "Pupils reported the quizzes as low stress once they knew the scores were "
        "not recorded.",
        "impact": "The science department has adopted spaced starter quizzes in Key "
        "Stage 3. We are building a shared question bank with Kingsmead School.",
        "references": "- Agarwal, P. and Bain, P. (2019) *Powerful Teaching*\n"
        "- Roediger, H. and Karpicke, J. (2006) Test-enhanced learning, "
        "*Psychological Science* 17(3)",
    },
    {
        "title": "Bar models for multiplicative reasoning in Year 6",
        "school": "Oakfield Primary School",
        "subjects": ["Mathematics"],
        "phase": "primary",
        "key_stages": "KS2",
        "year_groups": "Year 6",
        "tags": "bar models, problem solving, representations",
        "status": S.COMPLETED,
        "visibility": V.PUBLIC,
        "starts": date(2025, 1, 6),
        "ends": date(2025, 5, 23),
        "question": "Does teaching the bar model explicitly help Year 6 pupils solve "
        "ratio and proportion word problems?",
        "context": "Pupils could carry out calculations but struggled to decide which "
        "calculation a word problem needed.",
        "intervention": "Eight weeks of explicit bar model teaching, moving from "
        "concrete strips of paper to drawn bars, with worked examples faded over time.",
        "methods": "A 12-item problem-solving assessment before and after; pupils' "
        "working was coded for use of a representation.",
        "findings": "Correct answers on ratio problems rose from 41% to 63%. Pupils "
        "who drew a bar were twice as likely to choose the right operation. A few "
        "higher attainers found drawing slowed them down and dropped it once "
        "confident, which we now allow.",
        "impact": "Bar models are part of our calculation policy from Year 3. We have "
        "shared the sequence with three partner schools.",
        "references": "- NCETM, *Teaching for Mastery* materials",
    },
    {
        "title": "Visualisers and live modelling in Key Stage 4 chemistry",
        "school": "Kingsmead School",
        "subjects": ["Chemistry", "Science"],
        "phase": "secondary",
        "key_stages": "KS4",
        "year_groups": "Year 10",
        "tags": "modelling, worked examples, misconceptions",
        "status": S.COMPLETED,
        "visibility": V.PUBLIC,
        "starts": date(2025, 2, 24),
        "ends": date(2025, 7, 11),
        "question": "Does live modelling under a visualiser reduce misconceptions in "
        "Year 10 mole calculations?",
        "context": "Mole calculations are a persistent weak spot in our GCSE results.",
        "intervention": "The teacher solved problems live under a visualiser, thinking "
        "aloud and deliberately making and correcting common errors, before pupils "
        "tried similar problems on mini whiteboards.",
        "methods": "A diagnostic misconception test before and after, and a count of "
        "error types in exercise books.",
        "findings": "The most common misconception (confusing relative formula mass "
        "with mass) fell from 58% of scripts to 22%. Thinking aloud about **why** a "
        "step is taken mattered more than the visualiser itself: a colleague who "
        "modelled on the board with the same narration got similar results.",
        "impact": "Narrated worked examples are now in the department's lesson "
        "planning guidance.",
        "references": "- Sweller, J. et al. (2019) Cognitive architecture and "
        "instructional design: 20 years later, *Educational Psychology Review*",
    },
    {
        "title": "Outdoor learning and vocabulary in the Reception year",
        "school": "Meadowbank Infant School",
        "subjects": ["Early years"],
        "phase": "early-years",
        "key_stages": "EYFS",
        "year_groups": "Reception",
        "tags": "vocabulary, outdoor learning, early language",
        "status": S.COMPLETED,
        "visibility": V.PUBLIC,
        "starts": date(2024, 10, 1),
        "ends": date(2025, 3, 31),
        "question": "Do planned vocabulary walks in the school grounds widen Reception "
        "children's expressive vocabulary?",
        "context": "Baseline assessment showed that many children entered with "
        "vocabulary below age-related expectations.",
        "intervention": "Twice-weekly vocabulary walks with six target words each, "
        "linked to objects children could touch, followed by retelling in small "
        "groups.",
        "methods": "A picture-naming check of the 60 target words in October and "
        "March; practitioner observation notes.",
        "findings": "Children named on average 41 of 60 target words in March against "
        "17 in October. Words children had **handled** outdoors were remembered far "
        "better than words only seen in pictures.",
        "impact": "Vocabulary walks continue and have been adopted by two nursery "
        "settings in the partnership.",
        "references": "",
    },
    {
        "title": "Spaced practice of French vocabulary in Year 7",
        "school": "Hillside High School",
        "subjects": ["French"],
        "phase": "secondary",
        "key_stages": "KS3",
        "year_groups": "Year 7",
        "tags": "spaced practice, vocabulary, modern languages",
        "status": S.COMPLETED,
        "visibility": V.PUBLIC,
        "starts": date(2025, 9, 15),
        "ends": date(2026, 1, 30),
        "question": "Does spacing vocabulary homework across the week, rather than "
        "one weekly test, improve retention in Year 7 French?",
        "context": "Pupils crammed for Friday vocabulary tests and forgot the words "
        "within a fortnight.",
        "intervention": "Three short self-quizzing tasks a week replaced the weekly "
        "test; words from earlier weeks were mixed in.",
        "methods": "A delayed vocabulary test after half term for both the spaced "
        "group and the previous year's cohort.",
        "findings": "Delayed recall was 19 percentage points higher than the previous "
        "cohort. Completion of homework also rose because each task took under ten "
        "minutes.",
        "impact": "Adopted for Spanish and French in Key Stage 3.",
        "references": "- Kang, S. (2016) Spaced repetition promotes efficient and "
        "effective learning",
    },
    {
        "title": "Visual timetables and transitions for autistic pupils",
        "school": "Rainbow Bridge Special School",
        "subjects": ["Special educational needs"],
        "phase": "special",
        "key_stages": "KS2",
        "year_groups": "Years 3 to 6",
        "tags": "autism, transitions, visual supports",
        "status": S.COMPLETED,
        "visibility": V.PUBLIC,
        "starts": date(2025, 4, 14),
        "ends": date(2025, 7, 18),
        "question": "Do individual visual timetables with a 'change' card reduce "
        "distress at transitions between activities?",
        "context": "Unplanned changes to the day caused frequent distress and lost "
        "learning time in two classes.",
        "intervention": "Each pupil had a personal visual timetable, checked at each "
        "transition, and a 'change' symbol was introduced to signal surprises.",
        "methods": "Staff logged transition incidents (with no names) over four weeks "
        "before and eight weeks during the intervention.",
        "findings": "Logged incidents at transitions fell by about half. The 'change' "
        "card worked best once it had been practised in calm moments, not introduced "
        "during a change.",
        "impact": "Visual timetables with a change card are now standard in all "
        "classes; we offer training to mainstream partner schools.",
        "references": "",
    },
    {
        "title": "Whole-class feedback instead of written marking in Year 9 history",
        "school": "St Augustine's Catholic College",
        "subjects": ["History"],
        "phase": "secondary",
        "key_stages": "KS3",
        "year_groups": "Year 9",
        "tags": "feedback, marking, workload",
        "status": S.COMPLETED,
        "visibility": V.PUBLIC,
        "starts": date(2024, 11, 4),
        "ends": date(2025, 4, 4),
        "question": "Can whole-class feedback replace individual written comments on "
        "Year 9 history essays without lowering the quality of redrafts?",
        "context": "Teachers spent hours writing comments that pupils rarely acted on.",
        "intervention": "The teacher read the essays, noted common strengths and "
        "errors on one sheet, and taught a feedback lesson in which pupils redrafted "
        "one paragraph.",
        "methods": "Essay and redraft scores for two classes, one per approach; "
        "teacher time logs.",
        "findings": "Redraft improvements were similar in both classes, while marking "
        "time fell from about four hours per class set to under one. Pupils said the "
        "feedback lesson made clear what a better paragraph looks like.",
        "impact": "The humanities faculty uses whole-class feedback for extended "
        "writing; the time saved goes on planning.",
        "references": "- Education Endowment Foundation (2021) *Teacher Feedback to "
        "Improve Pupil Learning*",
    },
    {
        "title": "Phonics catch-up in small groups in Year 2",
        "school": "St Mary's Church of England Primary School",
        "subjects": ["Reading"],
        "phase": "primary",
        "key_stages": "KS1",
        "year_groups": "Year 2",
        "tags": "phonics, catch-up, early reading",
        "status": S.COMPLETED,
        "visibility": V.PUBLIC,
        "starts": date(2025, 9, 3),
        "ends": date(2025, 12, 19),
        "question": "Do daily ten-minute phonics catch-up sessions help Year 2 pupils "
        "who did not pass the phonics screening check?",
        "context": "Eleven pupils entered Year 2 without passing the phonics check.",
        "intervention": "Daily ten-minute sessions in groups of three, led by a "
        "trained teaching assistant, using the school's phonics programme.",
        "methods": "A practice phonics check in September, November and December.",
        "findings": "Nine of the eleven pupils reached the expected standard by "
        "December. Short daily sessions were easier to protect than longer weekly "
        "ones, and attendance at them was near 100%.",
        "impact": "Daily catch-up now runs from the first week of Year 2.",
        "references": "",
    },
    {
        "title": "Peer assessment with success criteria in Year 4 art",
        "school": "Brook Lane Primary School",
        "subjects": ["Art and design"],
        "phase": "primary",
        "key_stages": "KS2",
        "year_groups": "Year 4",
        "tags": "peer assessment, success criteria, sketchbooks",
        "status": S.COMPLETED,
        "visibility": V.PARTNERSHIP,
        "starts": date(2025, 2, 24),
        "ends": date(2025, 5, 23),
        "question": "Does structured peer assessment with visual success criteria "
        "improve pupils' sketchbook work?",
        "context": "Sketchbook work rarely showed improvement between attempts.",
        "intervention": "Pupils used a visual checklist to give one 'star' and one "
        "'step' to a partner before a second attempt.",
        "methods": "Sketchbook samples scored by two teachers blind to the attempt.",
        "findings": "Second attempts scored higher in 70% of pairs. Feedback was most "
        "useful when the checklist showed examples, not words.",
        "impact": "Visual success criteria are used in all art units.",
        "references": "",
    },
    {
        "title": "Reciprocal reading in Year 7 tutor time",
        "school": "Oakwood Academy",
        "subjects": ["Reading", "English"],
        "phase": "secondary",
        "key_stages": "KS3",
        "year_groups": "Year 7",
        "tags": "reading comprehension, reciprocal reading, disciplinary literacy",
        "status": S.COMPLETED,
        "visibility": V.PUBLIC,
        "starts": date(2024, 9, 16),
        "ends": date(2025, 6, 27),
        "question": "Does reciprocal reading in tutor time raise the reading ages of "
        "Year 7 pupils who arrive below the expected standard?",
        "context": "A quarter of our Year 7 intake had reading ages two or more years "
        "below their chronological age.",
        "intervention": "Three 20-minute sessions a week in small groups: predict, "
        "clarify, question, summarise, with roles rotating.",
        "methods": "Standardised reading tests in September and June.",
        "findings": "Average reading age rose by 19 months over the year, against an "
        "expected 9 to 10 months. Gains were strongest where tutors had had the "
        "training and modelled each role before handing it over.",
        "impact": "Extended to Year 8; training for all tutors each September.",
        "references": "- Palincsar, A. and Brown, A. (1984) Reciprocal teaching of "
        "comprehension-fostering and comprehension-monitoring activities",
    },
    {
        "title": "Dual coding in Year 10 geography revision",
        "school": "The Ridgeway School",
        "subjects": ["Geography"],
        "phase": "secondary",
        "key_stages": "KS4",
        "year_groups": "Year 10",
        "tags": "dual coding, revision, knowledge organisers",
        "status": S.COMPLETED,
        "visibility": V.PUBLIC,
        "starts": date(2025, 1, 13),
        "ends": date(2025, 6, 20),
        "question": "Do diagrams paired with short explanations help Year 10 pupils "
        "recall case studies better than text-only notes?",
        "context": "Case study answers lacked specific detail.",
        "intervention": "Pupils learned to turn each case study into an annotated "
        "diagram and then to explain it aloud from the diagram alone.",
        "methods": "Mock exam case-study questions marked by two teachers.",
        "findings": "Answers included on average 2.3 more specific facts. Pupils who "
        "explained their diagrams aloud did better than those who only drew them.",
        "impact": "Dual coding is now taught explicitly in Year 9.",
        "references": "- Caviglioli, O. (2019) *Dual Coding with Teachers*",
    },
    {
        "title": "Scaffolded practical write-ups in Year 9 physics",
        "school": "Castle Park Academy",
        "subjects": ["Physics"],
        "phase": "secondary",
        "key_stages": "KS3",
        "year_groups": "Year 9",
        "tags": "scaffolding, practical work, writing frames",
        "status": S.IN_PROGRESS,
        "visibility": V.PARTNERSHIP,
        "starts": date(2026, 1, 12),
        "question": "Do fading writing frames improve the quality of independent "
        "practical write-ups in Year 9 physics?",
        "context": "Pupils' conclusions rarely refer to their data.",
        "intervention": "A full writing frame for the first practical, a partial one "
        "for the second and none for the third.",
        "methods": "Write-ups scored with the department's rubric.",
        "findings": "",
    },
    {
        "title": "Pre-teaching vocabulary for pupils learning English",
        "school": "Hillcrest Primary School",
        "subjects": ["English"],
        "phase": "primary",
        "key_stages": "KS2",
        "year_groups": "Years 3 and 4",
        "tags": "EAL, vocabulary, pre-teaching",
        "status": S.COMPLETED,
        "visibility": V.PUBLIC,
        "starts": date(2025, 4, 21),
        "ends": date(2025, 7, 18),
        "question": "Does pre-teaching topic vocabulary the day before a lesson help "
        "pupils new to English take part in class discussion?",
        "context": "Pupils at an early stage of learning English were often silent "
        "in whole-class discussion.",
        "intervention": "Fifteen minutes of pre-teaching with pictures and gestures "
        "the afternoon before each history and science lesson.",
        "methods": "Counts of contributions in observed lessons; a vocabulary check.",
        "findings": "Contributions from the group tripled in observed lessons, and "
        "pupils knew most of the pre-taught words a month later.",
        "impact": "Pre-teaching is timetabled for all new arrivals.",
        "references": "- The Bell Foundation, *EAL Assessment Framework*",
    },
    {
        "title": "Music practice journals in Key Stage 3",
        "school": "Kingsmead School",
        "subjects": ["Music"],
        "phase": "secondary",
        "key_stages": "KS3",
        "year_groups": "Year 8",
        "tags": "metacognition, deliberate practice",
        "status": S.IN_PROGRESS,
        "visibility": V.PUBLIC,
        "starts": date(2026, 2, 23),
        "question": "Do practice journals help Year 8 pupils plan and reflect on "
        "instrumental practice?",
        "context": "Pupils practised by playing pieces through from the start.",
        "intervention": "A weekly journal prompt: which two bars are hardest, what "
        "will you try, did it work?",
        "methods": "Journal entries and recorded performances at the start and end.",
        "findings": "Early journals show pupils choosing specific passages to work "
        "on; the end recordings are still to come.",
    },
    {
        "title": "Fitness tracking and motivation in Year 9 PE",
        "school": "Westbrook High School",
        "subjects": ["Physical education"],
        "phase": "secondary",
        "key_stages": "KS3",
        "year_groups": "Year 9",
        "tags": "motivation, goal setting",
        "status": S.COMPLETED,
        "visibility": V.PARTNERSHIP,
        "starts": date(2025, 9, 8),
        "ends": date(2025, 12, 12),
        "question": "Does setting personal fitness goals increase participation in "
        "Year 9 PE lessons?",
        "context": "Participation dropped in Year 9, especially among girls.",
        "intervention": "Pupils set and reviewed a personal goal each fortnight.",
        "methods": "Kit and participation registers; an anonymous survey.",
        "findings": "Non-participation fell from 12% to 5% of lessons; pupils valued "
        "goals they had chosen themselves.",
        "impact": "Personal goals are used across Key Stage 3 PE.",
        "references": "",
    },
    {
        "title": "Pair programming in Year 8 computing",
        "school": "Greenfield Community College",
        "subjects": ["Computing"],
        "phase": "secondary",
        "key_stages": "KS3",
        "year_groups": "Year 8",
        "tags": "pair programming, collaboration",
        "status": S.COMPLETED,
        "visibility": V.PUBLIC,
        "starts": date(2025, 1, 6),
        "ends": date(2025, 3, 28),
        "question": "Does pair programming with switched roles improve Year 8 "
        "pupils' debugging?",
        "context": "Pupils gave up quickly when their programs did not run.",
        "intervention": "Driver and navigator roles, swapped every ten minutes.",
        "methods": "A debugging task before and after; observation notes.",
        "findings": "Pupils fixed more bugs on their own after the unit, and talked "
        "through errors rather than asking for help straight away.",
        "impact": "Pair programming is in all Key Stage 3 programming units.",
        "references": "",
    },
    {
        "title": "Philosophy for children in Year 3 religious education",
        "school": "Holy Trinity CofE Primary School",
        "subjects": ["Religious education"],
        "phase": "primary",
        "key_stages": "KS2",
        "year_groups": "Year 3",
        "tags": "oracy, enquiry, philosophy for children",
        "status": S.COMPLETED,
        "visibility": V.PUBLIC,
        "starts": date(2024, 9, 9),
        "ends": date(2025, 2, 14),
        "question": "Does a fortnightly community of enquiry improve the quality of "
        "Year 3 pupils' reasoning in RE?",
        "context": "Pupils gave one-word answers to big questions.",
        "intervention": "Fortnightly enquiries started from a story or object, with "
        "pupils choosing the question.",
        "methods": "Recorded discussions coded for reasons and counter-examples.",
        "findings": "The number of reasons given per contribution doubled, and pupils "
        "began to build on each other's ideas without the teacher's prompting.",
        "impact": "Enquiries now run in Years 3 to 6.",
        "references": "",
    },
    {
        "title": "Drama techniques to deepen inference in Year 6 reading",
        "school": "Willow Park Primary School",
        "subjects": ["Drama", "Reading"],
        "phase": "primary",
        "key_stages": "KS2",
        "year_groups": "Year 6",
        "tags": "inference, drama, reading comprehension",
        "status": S.IN_PROGRESS,
        "visibility": V.PARTNERSHIP,
        "starts": date(2026, 1, 6),
        "question": "Do freeze-frames and hot-seating help Year 6 pupils infer "
        "characters' feelings and motives?",
        "context": "Inference questions are our weakest reading domain.",
        "intervention": "Drama before answering inference questions in guided "
        "reading, twice a week.",
        "methods": "Inference question scores from termly tests.",
        "findings": "",
    },
    {
        "title": "Knowledge organisers and low-stakes testing in Year 7 history",
        "school": "Northfield School and Sixth Form",
        "subjects": ["History"],
        "phase": "secondary",
        "key_stages": "KS3",
        "year_groups": "Year 7",
        "tags": "knowledge organisers, retrieval practice",
        "status": S.DRAFT,
        "visibility": V.TEAM,
        "starts": date(2026, 4, 20),
        "question": "Does self-quizzing from knowledge organisers improve Year 7 "
        "pupils' chronological understanding?",
        "context": "Pupils mix up periods and sequence events poorly.",
    },
    {
        "title": "Mastery maths in mixed-age classes",
        "school": "Lark Rise Primary School",
        "subjects": ["Mathematics"],
        "phase": "primary",
        "key_stages": "KS1",
        "year_groups": "Years 1 and 2",
        "tags": "mastery, mixed-age classes",
        "status": S.DRAFT,
        "visibility": V.TEAM,
        "question": "How can a mastery approach keep a mixed Year 1 and 2 class "
        "working on the same idea at the same time?",
        "context": "Our small school teaches Years 1 and 2 together.",
    },
    {
        "title": "Cold calling and participation in Year 11 English",
        "school": "Lakeside Academy",
        "subjects": ["English"],
        "phase": "secondary",
        "key_stages": "KS4",
        "year_groups": "Year 11",
        "tags": "questioning, cold calling, participation",
        "status": S.COMPLETED,
        "visibility": V.PUBLIC,
        "starts": date(2025, 9, 8),
        "ends": date(2025, 11, 28),
        "question": "Does no-hands-up cold calling increase the number of Year 11 "
        "pupils who answer questions in English lessons?",
        "context": "The same few pupils answered most questions.",
        "intervention": "Cold calling with thinking time, after the question was "
        "asked to everyone; wrong answers were followed up, not moved past.",
        "methods": "Observers counted how many different pupils answered in a lesson.",
        "findings": "The number of different pupils answering rose from around 6 to "
        "over 20 a lesson. Pupils said thinking time made cold calling feel fair.",
        "impact": "Cold calling with thinking time is in the school's teaching "
        "handbook.",
        "references": "- Lemov, D. (2021) *Teach Like a Champion 3.0*",
    },
    {
        "title": "Structured play and self-regulation in the nursery",
        "school": "Brookside Nursery School",
        "subjects": ["Early years"],
        "phase": "early-years",
        "key_stages": "EYFS",
        "year_groups": "Nursery",
        "tags": "self-regulation, play",
        "status": S.IN_PROGRESS,
        "visibility": V.PUBLIC,
        "starts": date(2025, 11, 3),
        "question": "Does planning play with an adult before it starts help "
        "three-year-olds stay with an activity?",
        "context": "Many children moved between activities every few minutes.",
        "intervention": "'Plan, do, review': children tell an adult what they will "
        "play before starting, and talk about it afterwards.",
        "methods": "Timed observations of engagement.",
        "findings": "Early observations suggest children who planned stayed longer "
        "with their chosen activity.",
    },
    {
        "title": "Self-explanation prompts in Year 12 biology",
        "school": "Thames View Sixth Form College",
        "subjects": ["Biology"],
        "phase": "post-16",
        "key_stages": "KS5",
        "year_groups": "Year 12",
        "tags": "self-explanation, metacognition",
        "status": S.COMPLETED,
        "visibility": V.PARTNERSHIP,
        "starts": date(2025, 1, 6),
        "ends": date(2025, 4, 4),
        "question": "Do self-explanation prompts while studying worked examples improve "
        "A level biology students' exam answers?",
        "context": "Students could recall content but struggled with application "
        "questions.",
        "intervention": "Prompts such as 'why does this step follow?' added to worked "
        "examples in homework.",
        "methods": "Application questions from past papers, before and after.",
        "findings": "Marks on application questions rose by about one grade boundary "
        "on average.",
        "impact": "Prompts added to all Year 12 homework booklets.",
        "references": "",
    },
    {
        "title": "Spanish phonics in Year 7",
        "school": "Eastfield School",
        "subjects": ["Spanish"],
        "phase": "secondary",
        "key_stages": "KS3",
        "year_groups": "Year 7",
        "tags": "phonics, modern languages, pronunciation",
        "status": S.DRAFT,
        "visibility": V.PARTNERSHIP,
        "starts": date(2026, 4, 13),
        "question": "Does explicit teaching of Spanish sound-spelling links improve "
        "Year 7 pupils' reading aloud?",
        "context": "Pupils guess pronunciation from English spelling.",
    },
    {
        "title": "Design briefs from real clients in Year 9 design and technology",
        "school": "Riverside University Technical College",
        "subjects": ["Design and technology"],
        "phase": "secondary",
        "key_stages": "KS3",
        "year_groups": "Year 9",
        "tags": "authentic tasks, motivation, iterative design",
        "status": S.COMPLETED,
        "visibility": V.PUBLIC,
        "starts": date(2025, 2, 24),
        "ends": date(2025, 6, 27),
        "question": "Does designing for a real local client improve the quality of "
        "Year 9 pupils' iteration?",
        "context": "Design folders showed one idea, lightly modified.",
        "intervention": "A local charity set the brief and gave feedback on two "
        "prototypes.",
        "methods": "Number of documented iterations; client and teacher ratings.",
        "findings": "Pupils documented on average four iterations instead of one, and "
        "their final products were rated higher by both the client and teachers.",
        "impact": "Each Year 9 project now has an outside client.",
        "references": "",
    },
    {
        "title": "Attendance and the start of the school day",
        "school": "Riverside Pupil Referral Unit",
        "subjects": ["Special educational needs"],
        "phase": "special",
        "key_stages": "KS3, KS4",
        "year_groups": "Years 9 to 11",
        "tags": "attendance, relationships, breakfast",
        "status": S.IN_PROGRESS,
        "visibility": V.TEAM,
        "starts": date(2025, 10, 6),
        "question": "Does a shared breakfast with a key adult improve punctuality "
        "and attendance?",
        "context": "Late arrival was common and often led to missed mornings.",
        "intervention": "A daily breakfast club where each pupil meets their key "
        "adult.",
        "methods": "Attendance and punctuality data, anonymised.",
        "findings": "",
    },
    {
        "title": "Science vocabulary with word roots in Year 4",
        "school": "St Joseph's Catholic Primary School",
        "subjects": ["Science"],
        "phase": "primary",
        "key_stages": "KS2",
        "year_groups": "Year 4",
        "tags": "vocabulary, morphology, disciplinary literacy",
        "status": S.COMPLETED,
        "visibility": V.PUBLIC,
        "starts": date(2025, 4, 21),
        "ends": date(2025, 7, 11),
        "question": "Does teaching Greek and Latin roots help Year 4 pupils work out "
        "unfamiliar science words?",
        "context": "Pupils struggled with words such as *herbivore* and *evaporation*.",
        "intervention": "Weekly 10-minute morphology sessions on roots like *vor*, "
        "*photo*, *therm*.",
        "methods": "A test of unfamiliar words built from taught roots.",
        "findings": "Pupils correctly explained 58% of unfamiliar words built from "
        "taught roots, against 21% before.",
        "impact": "Word roots are part of every science unit in Key Stage 2.",
        "references": "",
    },
    {
        "title": "Times tables fluency with daily practice in Year 4",
        "school": "Kingsway Primary Academy",
        "subjects": ["Mathematics"],
        "phase": "primary",
        "key_stages": "KS2",
        "year_groups": "Year 4",
        "tags": "fluency, retrieval practice, multiplication",
        "status": S.COMPLETED,
        "visibility": V.PUBLIC,
        "starts": date(2025, 9, 8),
        "ends": date(2026, 3, 27),
        "question": "Does five minutes of daily mixed times tables practice prepare "
        "Year 4 pupils for the multiplication tables check?",
        "context": "Last year a third of pupils were not fluent by June.",
        "intervention": "Daily mixed practice with instant self-checking, focusing on "
        "each pupil's weakest facts.",
        "methods": "Practice check scores each half term.",
        "findings": "The class average rose from 11 to 22 out of 25 by March; the "
        "lowest-scoring quarter gained the most.",
        "impact": "Daily practice runs from Year 3.",
        "references": "",
    },
    {
        "title": "Coaching conversations for early career teachers",
        "school": "Archbishop Tenison's CofE High School",
        "subjects": [],
        "phase": "secondary",
        "key_stages": "",
        "year_groups": "",
        "tags": "coaching, professional development, early career teachers",
        "status": S.IN_PROGRESS,
        "visibility": V.PARTNERSHIP,
        "starts": date(2025, 9, 1),
        "question": "Does weekly instructional coaching focused on one action step "
        "change early career teachers' classroom routines faster than termly "
        "observations?",
        "context": "Feedback from termly observations was broad and hard to act on.",
        "intervention": "Fifteen-minute weekly coaching: one observed action step, "
        "practised on the spot.",
        "methods": "Coaching logs and short follow-up observations.",
        "findings": "",
    },
    {
        "title": "Reading fluency through repeated reading in Year 3",
        "school": "Elmhurst Primary School",
        "subjects": ["Reading"],
        "phase": "primary",
        "key_stages": "KS2",
        "year_groups": "Year 3",
        "tags": "reading fluency, prosody",
        "status": S.DRAFT,
        "visibility": V.TEAM,
        "question": "Does repeated reading with a model improve Year 3 pupils' "
        "reading fluency?",
        "context": "Pupils decode accurately but slowly and without expression.",
    },
    {
        "title": "Sketchnoting in Year 5 geography",
        "school": "Ashgrove Primary School",
        "subjects": ["Geography"],
        "phase": "primary",
        "key_stages": "KS2",
        "year_groups": "Year 5",
        "tags": "dual coding, note-taking",
        "status": S.IN_PROGRESS,
        "visibility": V.PUBLIC,
        "starts": date(2026, 2, 23),
        "question": "Does sketchnoting help Year 5 pupils remember the features of "
        "rivers?",
        "context": "Pupils' written notes were copied, not processed.",
        "intervention": "Modelled sketchnotes in three lessons, then independent.",
        "methods": "A recall quiz two weeks after the unit.",
        "findings": "",
    },
    {
        "title": "Mathematical talk in Year 1 with stem sentences",
        "school": "Cedar Road Primary School",
        "subjects": ["Mathematics"],
        "phase": "primary",
        "key_stages": "KS1",
        "year_groups": "Year 1",
        "tags": "stem sentences, oracy, number sense",
        "status": S.COMPLETED,
        "visibility": V.PARTNERSHIP,
        "starts": date(2025, 1, 6),
        "ends": date(2025, 3, 28),
        "question": "Do stem sentences help Year 1 pupils explain number bonds?",
        "context": "Pupils knew bonds to ten but could not explain them.",
        "intervention": "Stem sentences such as 'The whole is… one part is…'.",
        "methods": "Recorded explanations, scored for completeness.",
        "findings": "Complete explanations rose from 20% to 75% of pupils.",
        "impact": "Stem sentences are used throughout Key Stage 1 maths.",
        "references": "",
    },
]

# Demo collaborations: (project title, collaborator's school, accepted?)
COLLABORATIONS = [
    (
        "Talk partners and sentence stems in Year 5 writing",
        "Oakfield Primary School",
        True,
    ),
    ("Retrieval practice quizzes in Year 8 science", "Kingsmead School", True),
    (
        "Bar models for multiplicative reasoning in Year 6",
        "Riverside Primary School",
        True,
    ),
    (
        "Drama techniques to deepen inference in Year 6 reading",
        "Riverside Primary School",
        False,
    ),
    ("Reciprocal reading in Year 7 tutor time", "Hillside High School", True),
]

FEEDBACK = [
    (
        "Talk partners and sentence stems in Year 5 writing",
        "head@riverside-primary.example",
        "A really clear write-up. Could you share the cohesion rubric with the "
        "English leads' network?",
    ),
    (
        "Retrieval practice quizzes in Year 8 science",
        "officer@riverside.gov.example",
        "This would make a strong journal submission. Have you looked at whether the "
        "effect holds for lower attainers?",
    ),
    (
        "Book talk and reading for pleasure in upper Key Stage 2",
        "head@riverside-primary.example",
        "Worth comparing library loans with the same half term last year.",
    ),
]

LOG = [
    (
        "plan",
        0,
        "Agreed the research question and the cohesion rubric with our "
        "partner school; chose three writing units.",
    ),
    ("act", 14, "Introduced talk partners and the first set of sentence stems."),
    (
        "observe",
        35,
        "Most pairs used at least two stems; a few pairs drifted off task "
        "when the explanation was too open.",
    ),
    (
        "reflect",
        49,
        "Narrow the talk prompt so pairs rehearse **one** paragraph at a "
        "time. Start withdrawing the stem cards next unit.",
    ),
]

GENERIC_LOG = [
    (
        "plan",
        0,
        "Agreed the question and how we would see a change; collected "
        "baseline evidence before starting.",
    ),
    ("act", 10, "Started the first cycle with the class, as planned."),
    (
        "observe",
        40,
        "Looked at the evidence from the first cycle with a colleague; "
        "noted what worked and where pupils struggled.",
    ),
    (
        "reflect",
        60,
        "Adjusted the approach for the second cycle and agreed what to "
        "measure at the end.",
    ),
]


def _lead_for(school: School, preferred: str | None) -> User | None:
    if preferred:
        return User.objects.filter(email=preferred).first()
    staff = (
        Staff.objects.filter(school=school, left__isnull=True, role=Staff.Role.TEACHER)
        .select_related("user")
        .order_by("id")
        .first()
    ) or Staff.objects.filter(school=school, left__isnull=True).order_by("id").first()
    return staff.user if staff else None


def _move_to(project: Project, status: str, lead: User) -> Project:
    path = {
        S.DRAFT: [],
        S.IN_PROGRESS: [S.IN_PROGRESS],
        S.COMPLETED: [S.IN_PROGRESS, S.COMPLETED],
    }[status]
    for to in path:
        project = services.project_set_status(project=project, to_status=to, by=lead)
    return project


def _seed_project(spec: dict) -> Project | None:
    slug = slugify(spec["title"])
    existing = Project.objects.filter(slug=slug).first()
    if existing:
        return existing
    school = School.objects.filter(name=spec["school"]).first()
    if school is None:
        return None
    lead = _lead_for(school, spec.get("lead"))
    if lead is None:
        return None
    data = {
        "title": spec["title"],
        "research_question": spec["question"],
        "phase": spec.get("phase", ""),
        "key_stages": spec.get("key_stages", ""),
        "year_groups": spec.get("year_groups", ""),
        "tags": spec.get("tags", ""),
        "starts": spec.get("starts"),
        "ends": spec.get("ends"),
        "visibility": spec["visibility"],
        "context": spec.get("context", ""),
        "intervention": spec.get("intervention", ""),
        "methods": spec.get("methods", ""),
        "findings": spec.get("findings", ""),
        "impact": spec.get("impact", ""),
        "references": spec.get("references", ""),
    }
    subjects = Subject.objects.filter(name__in=spec.get("subjects", []))
    project = services.project_create(
        lead=lead, school=school, data=data, subjects=subjects
    )
    starts = spec.get("starts") or timezone.localdate()
    log = LOG if spec.get("lead") else GENERIC_LOG
    if spec["status"] == S.IN_PROGRESS:
        log = log[:2]
    if spec["status"] != S.DRAFT:
        for kind, offset, body in log:
            services.log_entry_add(
                project=project,
                author=lead,
                kind=kind,
                on=starts + timedelta(days=offset),
                body=body,
            )
    return _move_to(project, spec["status"], lead)


def _seed_team() -> None:
    for title, school_name, accepted in COLLABORATIONS:
        project = Project.objects.filter(slug=slugify(title)).first()
        school = School.objects.filter(name=school_name).first()
        if project is None or school is None:
            continue
        if school_name == "Riverside Primary School":
            person = User.objects.filter(email=DEMO_TEACHER).first()
        else:
            person = _lead_for(school, None)
        if person is None or person.pk == project.lead_id:
            continue
        Collaborator.objects.get_or_create(
            project=project,
            user=person,
            defaults={
                "school": school,
                "invited_by": project.lead,
                "accepted": timezone.now() if accepted else None,
            },
        )


def _seed_feedback() -> None:
    for title, email, body in FEEDBACK:
        project = Project.objects.filter(slug=slugify(title)).first()
        author = User.objects.filter(email=email).first()
        if project is None or author is None:
            continue
        Feedback.objects.get_or_create(
            project=project,
            author=author,
            defaults={"body": body, "body_html": render_markdown(body)},
        )


def seed(*, stdout) -> None:
    before = Project.objects.count()
    for spec in PROJECTS:
        _seed_project(spec)
    _seed_team()
    _seed_feedback()
    made = Project.objects.count() - before
    stdout.write(
        f"  research: {Project.objects.count()} projects ({made} new), "
        f"{Project.objects.filter(visibility=V.PUBLIC).count()} public\n"
    )
